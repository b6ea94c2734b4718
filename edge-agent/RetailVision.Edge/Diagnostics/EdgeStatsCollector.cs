using System.Diagnostics;
using RetailVision.Contracts;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Delivery;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Pipeline;

namespace RetailVision.Edge.Diagnostics;

/// <summary>
/// Turns the running counters of the detector, the outbox and every camera into an <see cref="EdgeStatsMessage"/>:
/// rates and per-stage means over the interval since the previous call.
/// </summary>
public sealed class EdgeStatsCollector(string storeId, string modelDescription, BatchedDetector detector, EventOutbox outbox, IReadOnlyList<CameraWorker> cameras)
{
    public static string AgentVersion { get; } = typeof(EdgeStatsCollector).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private readonly Stopwatch _uptime = Stopwatch.StartNew();
    private readonly Dictionary<string, CameraSample> _previous = [];
    private double _previousAt;
    private long _previousRuns;
    private long _previousFrames;

    public EdgeStatsMessage Collect(DateTimeOffset now)
    {
        var at = _uptime.Elapsed.TotalSeconds;
        var interval = Math.Max(1e-6, at - _previousAt);
        var runs = detector.Runs;
        var frames = detector.Frames;
        var detectorStats = new DetectorStats(detector.ExecutionProvider, modelDescription, (runs - _previousRuns) / interval,
            runs == _previousRuns ? 0 : (double)(frames - _previousFrames) / (runs - _previousRuns));
        (_previousRuns, _previousFrames) = (runs, frames);

        var oldest = outbox.OldestEnqueuedAt;
        var outboxStats = new OutboxStats(outbox.Count, outbox.Bytes, oldest is { } o ? Math.Max(0, (now - o).TotalSeconds) : null,
            outbox.DroppedOldest, (double)outbox.Bytes / outbox.MaxBytes);

        var cameraStats = new CameraStats[cameras.Count];
        for (var i = 0; i < cameras.Count; i++) cameraStats[i] = Sample(cameras[i], interval);
        _previousAt = at;
        return new EdgeStatsMessage(ContractVersion.Current, storeId, now, AgentVersion, at, detectorStats, outboxStats, cameraStats);
    }

    private CameraStats Sample(CameraWorker camera, double interval)
    {
        var pipeline = camera.Pipeline;
        var counters = camera.Feed.Counters;
        var current = new CameraSample(pipeline?.FramesProcessed ?? 0, pipeline?.DetectionsRun ?? 0, pipeline?.DetectionsSkippedStill ?? 0,
            counters.FramesDropped, pipeline?.Timings.Snapshot() ?? []);
        var previous = _previous.GetValueOrDefault(camera.CameraId, CameraSample.Empty);
        _previous[camera.CameraId] = current;
        var frames = current.Frames - previous.Frames;
        var stageMs = new Dictionary<string, double> { ["decode"] = counters.DecodeMsPerFrame };
        var inferenceMs = 0.0;
        foreach (var stage in current.Stages)
        {
            if (stage.Stage == PipelineStage.Decode) continue;
            var before = Array.Find(previous.Stages, s => s.Stage == stage.Stage);
            var count = stage.Count - before.Count;
            var mean = count == 0 ? 0 : (stage.TotalMilliseconds - before.TotalMilliseconds) / count;
            stageMs[stage.Stage.ToString().ToLowerInvariant()] = Math.Round(mean, 3);
            if (stage.Stage == PipelineStage.Inference) inferenceMs = Math.Round(mean, 3);
        }
        return new CameraStats(camera.CameraId, StateName(camera.Feed.Status.State), frames / interval,
            (current.Detections - previous.Detections) / interval, (current.Skipped - previous.Skipped) / interval,
            current.Dropped - previous.Dropped, counters.Reconnects, inferenceMs, stageMs);
    }

    /// <summary>The contract's name for a camera state.</summary>
    public static string StateName(CameraState state) => state.ToString().ToLowerInvariant();

    private sealed record CameraSample(long Frames, long Detections, long Skipped, long Dropped, StageTotals[] Stages)
    {
        public static readonly CameraSample Empty = new(0, 0, 0, 0, []);
    }
}
