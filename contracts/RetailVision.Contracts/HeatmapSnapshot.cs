namespace RetailVision.Contracts;

/// <summary>
/// Seconds of presence per grid cell of one camera's view over one period, accumulated at the people's foot points.
/// The cloud sums snapshots over a time range into a store manager's dwell heatmap.
/// </summary>
/// <param name="Version">Contract version.</param>
/// <param name="SnapshotId">Assigned once when the period closes (deduplication key).</param>
/// <param name="StoreId">Store the camera belongs to.</param>
/// <param name="CameraId">Camera whose view the grid covers.</param>
/// <param name="PeriodStart">Start of the period (frame time).</param>
/// <param name="PeriodEnd">End of the period (frame time).</param>
/// <param name="FrameWidth">Camera image width in pixels.</param>
/// <param name="FrameHeight">Camera image height in pixels.</param>
/// <param name="Columns">Grid columns.</param>
/// <param name="Rows">Grid rows.</param>
/// <param name="CellSeconds">Row-major person-seconds per cell, Columns × Rows values.</param>
public sealed record HeatmapSnapshot(
    int Version,
    Guid SnapshotId,
    string StoreId,
    string CameraId,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    int FrameWidth,
    int FrameHeight,
    int Columns,
    int Rows,
    float[] CellSeconds);
