namespace RetailVision.Aggregator.Heatmaps;

/// <summary>
/// One camera's person-seconds per grid cell summed over a time range (row-major, Columns × Rows). Snapshots with a
/// grid size other than the latest one's cannot be added cell by cell; they are counted in SkippedSnapshots.
/// </summary>
public sealed record CameraHeatmap(
    string CameraId,
    int Columns,
    int Rows,
    int FrameWidth,
    int FrameHeight,
    double[] CellSeconds,
    int Snapshots,
    int SkippedSnapshots,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd)
{
    public double TotalPersonSeconds => CellSeconds.Sum();
}
