using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Diagnostics;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Pipeline;
using RetailVision.Models;
using RetailVision.Tests.Shared;

namespace RetailVision.Edge.Tests.Inference;

/// <summary>Cameras sharing one batched session get exactly what a detector of their own would find, in turn.</summary>
public sealed class BatchedDetectorTests
{
    private static (PreparedModel Model, DetectorSettings Settings) Detector()
    {
        var model = ModelStore.OpenDefault().Prepare(416, 416);
        return (model, PipelineSettingsFactory.Detector(new DetectorConfig { ScoreThreshold = 0.3f, Threads = 2 }, model));
    }

    private static Mat[] VtestFrames(params int[] numbers)
    {
        VideoSourceUri.TryParse(TestRepository.VtestVideo, out var uri, out _);
        using var source = VideoFrameSource.Open(uri);
        var frames = new Mat[numbers.Length];
        using var frame = new Mat();
        for (var n = 1; n <= numbers.Max(); n++)
        {
            Assert.True(source.Read(frame, out _));
            var at = Array.IndexOf(numbers, n);
            if (at >= 0) frames[at] = frame.Clone();
        }
        return frames;
    }

    [Fact]
    public void Frames_detected_together_in_a_batch_match_a_detector_of_their_own()
    {
        var (model, settings) = Detector();
        var frames = VtestFrames(10, 200, 400, 600);
        try
        {
            var expected = new Detection[frames.Length][];
            using (var own = new PersonDetector(model.OnnxPath, settings, NullLogger.Instance))
            {
                for (var i = 0; i < frames.Length; i++)
                {
                    var found = new Detection[settings.MaxDetections];
                    expected[i] = found[..own.Detect(frames[i], found)];
                }
            }

            using var shared = new BatchedDetector(model.OnnxPath, settings, 4, NullLogger.Instance);
            var clients = frames.Select(_ => shared.CreateClient(new StageTimings())).ToArray();
            var actual = new Detection[frames.Length][];
            using var start = new Barrier(frames.Length);
            Parallel.For(0, frames.Length, new ParallelOptions { MaxDegreeOfParallelism = frames.Length }, i =>
            {
                var found = new Detection[settings.MaxDetections];
                start.SignalAndWait();
                for (var round = 0; round < 5; round++) actual[i] = found[..clients[i].Detect(frames[i], found)];
            });

            for (var i = 0; i < frames.Length; i++)
            {
                Assert.True(expected[i].Length > 0, $"frame {i} has people");
                Assert.Equal(expected[i].Length, actual[i].Length);
                for (var k = 0; k < expected[i].Length; k++)
                {
                    Assert.Equal(expected[i][k].Score, actual[i][k].Score, 3);
                    Assert.Equal(expected[i][k].Box.X, actual[i][k].Box.X, 1);
                    Assert.Equal(expected[i][k].Box.Height, actual[i][k].Box.Height, 1);
                }
            }
            Assert.Equal(4 * 5, shared.Frames);
            Assert.True(shared.Runs < shared.Frames, $"{shared.Frames} frames in {shared.Runs} runs: nothing was batched");
        }
        finally
        {
            foreach (var frame in frames) frame.Dispose();
        }
    }

    [Fact]
    public void Cameras_waiting_together_are_served_in_turn()
    {
        var (model, settings) = Detector();
        var frames = VtestFrames(50);
        try
        {
            using var shared = new BatchedDetector(model.OnnxPath, settings with { IntraOpThreads = 1 }, 2, NullLogger.Instance);
            const int cameras = 4;
            var clients = Enumerable.Range(0, cameras).Select(_ => shared.CreateClient(new StageTimings())).ToArray();
            var served = new int[cameras];
            var stopAt = DateTime.UtcNow.AddSeconds(5);
            // Dedicated threads: a thread pool on two cores would start the last cameras late.
            var threads = Enumerable.Range(0, cameras).Select(i => new Thread(() =>
            {
                var found = new Detection[settings.MaxDetections];
                while (DateTime.UtcNow < stopAt)
                {
                    clients[i].Detect(frames[0], found);
                    Interlocked.Increment(ref served[i]);
                }
            })).ToArray();
            foreach (var thread in threads) thread.Start();
            foreach (var thread in threads) thread.Join();
            // Batches of 2 for 4 cameras that always wait: each takes its turn, none is served twice before another once.
            Assert.True(served.Min() >= 3, $"served {string.Join(", ", served)}");
            Assert.True(served.Max() - served.Min() <= 2, $"served {string.Join(", ", served)}");
        }
        finally
        {
            frames[0].Dispose();
        }
    }
}
