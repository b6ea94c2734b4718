namespace RetailVision.Contracts;

/// <summary>
/// The edge agent's health and speed, published every stats interval (60 s by default) on <c>{prefix}/{store}/stats</c>.
/// Rates and means cover the interval since the previous message.
/// </summary>
/// <param name="Version">Contract version.</param>
/// <param name="StoreId">The store.</param>
/// <param name="At">When the figures were taken.</param>
/// <param name="AgentVersion">Version of the edge agent.</param>
/// <param name="UptimeSeconds">Seconds since the agent started.</param>
/// <param name="Detector">The shared detector.</param>
/// <param name="Outbox">Events waiting for the broker.</param>
/// <param name="Cameras">One entry per camera.</param>
public sealed record EdgeStatsMessage(
    int Version,
    string StoreId,
    DateTimeOffset At,
    string AgentVersion,
    double UptimeSeconds,
    DetectorStats Detector,
    OutboxStats Outbox,
    CameraStats[] Cameras);

/// <param name="ExecutionProvider">cpu, cuda or tensorrt.</param>
/// <param name="Model">Model id, input size and precision.</param>
/// <param name="RunsPerSecond">Inference runs per second.</param>
/// <param name="MeanBatch">Mean frames per run.</param>
public sealed record DetectorStats(string ExecutionProvider, string Model, double RunsPerSecond, double MeanBatch);

/// <param name="Depth">Messages not yet acknowledged by the broker.</param>
/// <param name="Bytes">Their payload bytes.</param>
/// <param name="OldestAgeSeconds">Age of the oldest unacknowledged message; null when empty.</param>
/// <param name="DroppedOldest">Messages dropped because the outbox was full, since start.</param>
/// <param name="FillRatio">Bytes stored / the outbox's bound.</param>
public sealed record OutboxStats(long Depth, long Bytes, double? OldestAgeSeconds, long DroppedOldest, double FillRatio);

/// <param name="CameraId">The camera.</param>
/// <param name="State">As in <see cref="CameraStatusMessage.State"/>.</param>
/// <param name="FramesPerSecond">Frames processed per second.</param>
/// <param name="DetectionsPerSecond">Detector runs per second.</param>
/// <param name="SkippedStillPerSecond">Detector runs skipped per second because the image was still.</param>
/// <param name="DroppedFrames">Frames dropped in the interval because a newer one had arrived (live sources).</param>
/// <param name="Reconnects">Times the source was reopened, since start.</param>
/// <param name="InferenceMs">Mean inference time per detected frame (its share of a batch).</param>
/// <param name="StageMs">Mean milliseconds per frame of each stage: decode, motion, preprocess, inference, postprocess, track, zones, publish.</param>
public sealed record CameraStats(
    string CameraId,
    string State,
    double FramesPerSecond,
    double DetectionsPerSecond,
    double SkippedStillPerSecond,
    long DroppedFrames,
    long Reconnects,
    double InferenceMs,
    Dictionary<string, double> StageMs);
