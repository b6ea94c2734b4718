using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
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
    double BytesPerMessage,
    int Gen0Collections,
    StageTotals[] Stages);

/// <summary>
/// One camera through the product's path, detecting every frame: decode → shared detector (preprocess, inference,
/// decode + NMS) → tracker → zones → publish (serialised, not sent). Allocation is measured two ways over the timed
/// frames: the whole process's managed allocations, and the camera thread's own per frame, split into frames that
/// produced no message (the steady state, which must allocate nothing) and the messages themselves.
/// </summary>
internal static class FullPipelineBenchmark
{
    public static PipelineSample Run(string modelPath, DetectorSettings detector, CameraPipelineSettings camera, VideoSourceUri video, int warmupFrames)
    {
        using var shared = new BatchedDetector(modelPath, detector, 1, NullLogger.Instance);
        var timings = new StageTimings();
        var client = shared.CreateClient(timings);
        var sink = new DiscardingEventSink();
        var pipeline = new CameraPipeline(camera with { DetectFps = 0 }, client, sink, timings);
        using var source = FrameSources.Open(video, CaptureOptions.Default, NullLogger.Instance);
        using var frame = new Mat();
        for (var i = 0; i < warmupFrames && source.Read(frame, out var t); i++) pipeline.Process(frame, t);

        var warm = timings.Snapshot();
        var measured = new StageTimings();
        var quietMax = 0L;
        var quietFrames = 0;
        var messageBytes = 0L;
        var messagesBefore = sink.Messages;
        var frames = 0;
        var gen0 = GC.CollectionCount(0);
        var processBytes = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            var threadBytes = GC.GetAllocatedBytesForCurrentThread();
            if (!source.Read(frame, out var timestamp)) break;
            measured.RecordSince(PipelineStage.Decode, start);
            var messages = sink.Messages;
            pipeline.Process(frame, timestamp);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - threadBytes;
            if (sink.Messages == messages)
            {
                quietMax = Math.Max(quietMax, allocated);
                quietFrames++;
            }
            else
            {
                messageBytes += allocated;
            }
            frames++;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        processBytes = GC.GetTotalAllocatedBytes(precise: true) - processBytes;
        var messagesSent = sink.Messages - messagesBefore;
        var stages = timings.Snapshot();
        for (var i = 0; i < stages.Length; i++)
            stages[i] = stages[i] with { Count = stages[i].Count - warm[i].Count, TotalMilliseconds = stages[i].TotalMilliseconds - warm[i].TotalMilliseconds };
        stages[(int)PipelineStage.Decode] = measured.Snapshot()[(int)PipelineStage.Decode];
        return new PipelineSample(frames / seconds, frames, (double)processBytes / Math.Max(1, frames), quietMax, quietFrames,
            messagesSent == 0 ? 0 : (double)messageBytes / messagesSent, GC.CollectionCount(0) - gen0, stages);
    }
}
