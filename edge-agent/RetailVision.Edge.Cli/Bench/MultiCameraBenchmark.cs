using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Diagnostics;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Pipeline;

namespace RetailVision.Edge.Cli.Bench;

/// <summary>What N cameras sharing one box achieved.</summary>
internal sealed record MultiCameraSample(int Cameras, double MinDetectionsPerSecond, double MeanDetectionsPerSecond, long FramesDropped,
    double CoresUsed, double MeanBatch)
{
    public double CpuPerCamera => CoresUsed / Cameras;
}

/// <summary>
/// N cameras as a store box runs them: the same file opened N times, each paced at its frame rate like a live camera
/// (latest frame wins), detected at a fixed rate, all through one batched detector. CPU time counts this process and
/// its decoder child processes.
/// </summary>
internal static class MultiCameraBenchmark
{
    public static MultiCameraSample Run(string modelPath, DetectorSettings detectorSettings, StoreConfig store, CameraConfig camera,
        VideoSourceUri video, CaptureOptions capture, int cameras, double detectFps, TimeSpan warmup, TimeSpan measured)
    {
        using var detector = new BatchedDetector(modelPath, detectorSettings, Math.Min(8, cameras), NullLogger.Instance);
        var workers = new CameraWorker[cameras];
        for (var i = 0; i < cameras; i++)
        {
            var feed = new CameraFeed($"{camera.Id}-{i}", video, new CameraFeedOptions { Capture = capture, Realtime = true, Loop = true }, NullLogger.Instance);
            var timings = new StageTimings();
            var client = detector.CreateClient(timings);
            workers[i] = new CameraWorker(feed, format => new CameraPipeline(
                PipelineSettingsFactory.Camera(store, camera, format, DateTimeOffset.UnixEpoch, detectFps, 1), client, new DiscardingEventSink(), timings),
                NullLogger.Instance);
        }
        using var stop = new CancellationTokenSource();
        var threads = new Thread[cameras];
        try
        {
            for (var i = 0; i < cameras; i++)
            {
                var worker = workers[i];
                worker.Feed.Start();
                threads[i] = new Thread(() => worker.Run(stop.Token)) { IsBackground = true };
                threads[i].Start();
            }
            Thread.Sleep(warmup);
            var before = Snapshot(workers, detector);
            Thread.Sleep(measured);
            var after = Snapshot(workers, detector);
            var seconds = (after.At - before.At).TotalSeconds;
            var rates = new double[cameras];
            for (var i = 0; i < cameras; i++) rates[i] = (after.Detections[i] - before.Detections[i]) / seconds;
            return new MultiCameraSample(cameras, rates.Min(), rates.Average(), after.Dropped - before.Dropped,
                (after.Cpu - before.Cpu).TotalSeconds / seconds,
                after.Runs == before.Runs ? 0 : (double)(after.Frames - before.Frames) / (after.Runs - before.Runs));
        }
        finally
        {
            // Workers first: a feed's frames must outlive the thread that may still hold one.
            stop.Cancel();
            foreach (var thread in threads) thread?.Join();
            foreach (var worker in workers) worker.Feed.Dispose();
        }
    }

    private static Counters Snapshot(CameraWorker[] workers, BatchedDetector detector)
    {
        var detections = new long[workers.Length];
        var dropped = 0L;
        for (var i = 0; i < workers.Length; i++)
        {
            detections[i] = workers[i].Pipeline?.DetectionsRun ?? 0;
            dropped += workers[i].Feed.Counters.FramesDropped;
        }
        return new Counters(Stopwatch.GetElapsedTime(0), detections, dropped, ProcessCpu.WithChildren(), detector.Runs, detector.Frames);
    }

    private sealed record Counters(TimeSpan At, long[] Detections, long Dropped, TimeSpan Cpu, long Runs, long Frames);
}
