using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Diagnostics;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Pipeline;

namespace RetailVision.Edge.Cli.Bench;

/// <summary>What one full-pipeline pass measured.</summary>
internal sealed record PipelineSample(
    double FramesPerSecond,
    int Frames,
    double ProcessBytesPerFrame,
    double QuietFrameBytesMax,
    int QuietFrames,
    int QuietFramesAllocating,
    double BytesPerMessage,
    int Gen0Collections,
    StageTotals[] Stages);

/// <summary>
/// One camera through the product's path, detecting every frame: decode → shared detector (preprocess, inference,
/// decode + NMS) → tracker → zones → publish (serialised, not sent), with decoding on the feed's capture thread.
/// Allocation is measured two ways over the timed frames: the whole process's managed allocations, and the processing
/// thread's own per frame, split into frames that produced no message (the steady state, which must allocate nothing)
/// and the messages themselves.
/// </summary>
internal static class FullPipelineBenchmark
{
    public static PipelineSample Run(string modelPath, DetectorSettings detector, CameraPipelineSettings camera, VideoSourceUri video, CaptureOptions capture, int warmupFrames, int measuredFrames)
    {
        using var shared = new BatchedDetector(modelPath, detector, 1, NullLogger.Instance);
        var timings = new StageTimings();
        var client = shared.CreateClient(timings);
        var sink = new DiscardingEventSink();
        var pipeline = new CameraPipeline(camera with { DetectFps = 0 }, client, sink, timings);
        // The product's path: a capture thread decodes into the feed's buffers while this thread processes; a file at
        // full speed drops nothing. It loops, so a whole first pass can warm up every buffer the scene needs.
        using var feed = new CameraFeed(camera.CameraId, video, new CameraFeedOptions { Capture = capture, Loop = true }, NullLogger.Instance);
        feed.Start();
        var frames = 0;
        for (; frames < warmupFrames && feed.TryTake(out var lease, Wait); frames++)
            using (lease) pipeline.Process(lease.Frame, lease.TimestampSeconds);

        var warm = timings.Snapshot();
        var quietMax = 0L;
        var quietFrames = 0;
        var quietAllocating = 0;
        var messageBytes = 0L;
        var messagesBefore = sink.Messages;
        var decodeBefore = feed.Counters;
        frames = 0;
        var gen0 = GC.CollectionCount(0);
        var processBytes = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        while (frames < measuredFrames && feed.TryTake(out var lease, Wait))
        {
            using (lease)
            {
                var messages = sink.Messages;
                var threadBytes = GC.GetAllocatedBytesForCurrentThread();
                pipeline.Process(lease.Frame, lease.TimestampSeconds);
                var allocated = GC.GetAllocatedBytesForCurrentThread() - threadBytes;
                if (sink.Messages == messages)
                {
                    quietMax = Math.Max(quietMax, allocated);
                    quietFrames++;
                    if (allocated > 0) quietAllocating++;
                }
                else
                {
                    messageBytes += allocated;
                }
            }
            frames++;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        processBytes = GC.GetTotalAllocatedBytes(precise: true) - processBytes;
        var messagesSent = sink.Messages - messagesBefore;
        var stages = timings.Snapshot();
        for (var i = 0; i < stages.Length; i++)
            stages[i] = stages[i] with { Count = stages[i].Count - warm[i].Count, TotalMilliseconds = stages[i].TotalMilliseconds - warm[i].TotalMilliseconds };
        var decoded = feed.Counters.FramesCaptured - decodeBefore.FramesCaptured;
        stages[(int)PipelineStage.Decode] = new StageTotals(PipelineStage.Decode, decoded, feed.Counters.DecodeMsPerFrame * decoded);
        return new PipelineSample(frames / seconds, frames, (double)processBytes / Math.Max(1, frames), quietMax, quietFrames, quietAllocating,
            messagesSent == 0 ? 0 : (double)messageBytes / messagesSent, GC.CollectionCount(0) - gen0, stages);
    }

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
}
