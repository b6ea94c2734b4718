using RetailVision.Contracts;

namespace RetailVision.Aggregator.Heatmaps;

/// <summary>
/// One camera's heatmap snapshots of one UTC hour (by period start) and one grid and frame size, summed cell by cell.
/// Kept at ingest with the snapshots; a single snapshot is a rollup of one (<see cref="Of"/>), so the same summing
/// serves rollups and raw snapshots.
/// </summary>
public sealed record HeatmapHourRollup(
    string StoreId,
    string CameraId,
    DateTimeOffset Hour,
    int Columns,
    int Rows,
    int FrameWidth,
    int FrameHeight,
    double[] CellSeconds,
    int Snapshots,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd)
{
    public static HeatmapHourRollup Of(HeatmapSnapshot s) =>
        new(s.StoreId, s.CameraId, UtcHour.Floor(s.PeriodStart), s.Columns, s.Rows, s.FrameWidth, s.FrameHeight,
            Array.ConvertAll(s.CellSeconds, c => (double)c), 1, s.PeriodStart, s.PeriodEnd);

    /// <summary>True when the two can be added: same camera, hour, grid and frame.</summary>
    public bool SharesKeyWith(HeatmapHourRollup other) =>
        (StoreId, CameraId, Hour, Columns, Rows, FrameWidth, FrameHeight) == (other.StoreId, other.CameraId, other.Hour, other.Columns, other.Rows, other.FrameWidth, other.FrameHeight);

    public HeatmapHourRollup Add(HeatmapHourRollup other)
    {
        if (!SharesKeyWith(other)) throw new ArgumentException("rollups of another camera, hour, grid or frame", nameof(other));
        var cells = new double[CellSeconds.Length];
        for (var i = 0; i < cells.Length; i++) cells[i] = CellSeconds[i] + other.CellSeconds[i];
        return this with
        {
            CellSeconds = cells,
            Snapshots = Snapshots + other.Snapshots,
            PeriodStart = PeriodStart < other.PeriodStart ? PeriodStart : other.PeriodStart,
            PeriodEnd = PeriodEnd > other.PeriodEnd ? PeriodEnd : other.PeriodEnd,
        };
    }
}
