using RetailVision.Contracts;

namespace RetailVision.Aggregator.Heatmaps;

/// <summary>Sums heatmaps cell by cell, per camera: raw snapshots, hourly rollups, or both.</summary>
public static class HeatmapAccumulator
{
    /// <summary>One <see cref="CameraHeatmap"/> per camera that has snapshots, ordered by camera id.</summary>
    public static IReadOnlyList<CameraHeatmap> SumByCamera(IEnumerable<HeatmapSnapshot> snapshots) => SumByCamera(snapshots.Select(HeatmapHourRollup.Of));

    public static IReadOnlyList<CameraHeatmap> SumByCamera(IEnumerable<HeatmapHourRollup> rollups) =>
        rollups
            .GroupBy(r => r.CameraId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Sum(g.ToList()))
            .ToList();

    /// <summary>
    /// Sums one camera's heatmaps on the grid of the latest (by period end): a camera re-configured to another grid is
    /// drawn as it is now, and the snapshots of another size are skipped and counted.
    /// </summary>
    public static CameraHeatmap Sum(IReadOnlyList<HeatmapSnapshot> snapshots) => Sum(snapshots.Select(HeatmapHourRollup.Of).ToList());

    public static CameraHeatmap Sum(IReadOnlyList<HeatmapHourRollup> rollups)
    {
        if (rollups.Count == 0) throw new ArgumentException("no snapshots to sum", nameof(rollups));
        var cameraId = rollups[0].CameraId;
        if (rollups.Any(r => r.CameraId != cameraId)) throw new ArgumentException("snapshots of more than one camera", nameof(rollups));

        var latest = rollups.MaxBy(r => (r.PeriodEnd, r.PeriodStart))!;
        var cells = new double[latest.Columns * latest.Rows];
        int summed = 0, skipped = 0;
        var start = DateTimeOffset.MaxValue;
        var end = DateTimeOffset.MinValue;
        foreach (var rollup in rollups)
        {
            if (rollup.Columns != latest.Columns || rollup.Rows != latest.Rows)
            {
                skipped += rollup.Snapshots;
                continue;
            }
            for (var i = 0; i < cells.Length; i++) cells[i] += rollup.CellSeconds[i];
            summed += rollup.Snapshots;
            if (rollup.PeriodStart < start) start = rollup.PeriodStart;
            if (rollup.PeriodEnd > end) end = rollup.PeriodEnd;
        }
        return new CameraHeatmap(cameraId, latest.Columns, latest.Rows, latest.FrameWidth, latest.FrameHeight, cells, summed, skipped, start, end);
    }
}
