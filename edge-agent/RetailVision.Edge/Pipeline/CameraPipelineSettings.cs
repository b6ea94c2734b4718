using RetailVision.Edge.Configuration;
using RetailVision.Edge.Motion;
using RetailVision.Edge.Tracking;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Pipeline;

/// <summary>Everything one camera pipeline needs to know, resolved from the store config and the opened source.</summary>
public sealed record CameraPipelineSettings
{
    public required string StoreId { get; init; }
    public required string CameraId { get; init; }

    /// <summary>Wall-clock time of the stream's second 0: frame timestamps are added to it.</summary>
    public required DateTimeOffset StreamStart { get; init; }

    public required int FrameWidth { get; init; }
    public required int FrameHeight { get; init; }
    public required double FramesPerSecond { get; init; }

    /// <summary>Detections per second; 0 runs the detector on every frame.</summary>
    public double DetectFps { get; init; }

    /// <summary>Number of the first frame processed (1-based), for the tracks file when analysis starts mid-file.</summary>
    public int FirstFrameNumber { get; init; } = 1;

    public int MaxDetections { get; init; } = 300;
    public TrackerOptions Tracker { get; init; } = TrackerOptions.Default;
    public required Zone[] Zones { get; init; }
    public CountingLine[] Lines { get; init; } = [];

    /// <summary>Length of the per-zone occupancy buckets.</summary>
    public double OccupancyBucketSeconds { get; init; } = 60;
    public HeatmapConfig Heatmap { get; init; } = new();

    /// <summary>Skip the detector while the image stays still; null runs it at every detection time.</summary>
    public MotionGateSettings? MotionGate { get; init; }
}
