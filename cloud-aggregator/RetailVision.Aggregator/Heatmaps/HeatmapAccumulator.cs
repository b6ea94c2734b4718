using RetailVision.Contracts;

namespace RetailVision.Aggregator.Heatmaps;

/// <summary>Sums heatmap snapshots cell by cell, per camera.</summary>
public static class HeatmapAccumulator
{
    /// <summary>One <see cref="CameraHeatmap"/> per camera that has snapshots, ordered by camera id.</summary>
    public static IReadOnlyList<CameraHeatmap> SumByCamera(IEnumerable<HeatmapSnapshot> snapshots) =>
        snapshots
            .GroupBy(s => s.CameraId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Sum(g.ToList()))
            .ToList();

    /// <summary>
    /// Sums one camera's snapshots on the grid of the latest snapshot (by period end): a camera re-configured to another
    /// grid is drawn as it is now, and older snapshots of another size are skipped and counted.
    /// </summary>
    public static CameraHeatmap Sum(IReadOnlyList<HeatmapSnapshot> snapshots)
    {
        if (snapshots.Count == 0) throw new ArgumentException("no snapshots to sum", nameof(snapshots));
        var cameraId = snapshots[0].CameraId;
        if (snapshots.Any(s => s.CameraId != cameraId)) throw new ArgumentException("snapshots of more than one camera", nameof(snapshots));

        var latest = snapshots.MaxBy(s => (s.PeriodEnd, s.PeriodStart))!;
        var cells = new double[latest.Columns * latest.Rows];
        var summed = 0;
        var start = DateTimeOffset.MaxValue;
        var end = DateTimeOffset.MinValue;
        foreach (var snapshot in snapshots)
        {
            if (snapshot.Columns != latest.Columns || snapshot.Rows != latest.Rows) continue;
            for (var i = 0; i < cells.Length; i++) cells[i] += snapshot.CellSeconds[i];
            summed++;
            if (snapshot.PeriodStart < start) start = snapshot.PeriodStart;
            if (snapshot.PeriodEnd > end) end = snapshot.PeriodEnd;
        }
        return new CameraHeatmap(cameraId, latest.Columns, latest.Rows, latest.FrameWidth, latest.FrameHeight, cells,
            summed, snapshots.Count - summed, start, end);
    }
}
