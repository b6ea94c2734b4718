using RetailVision.Aggregator.Storage;

namespace RetailVision.Aggregator.Heatmaps;

/// <summary>
/// A store's heatmaps over a range at a cost that does not grow with its history: camera-hour rollups for the whole
/// hours inside the range, raw snapshots (by period start) for the part of an hour at each end.
/// </summary>
public static class StoreHeatmapQuery
{
    public static IReadOnlyList<CameraHeatmap> Run(string storeId, string? cameraId, TimeRange range, IRollupReader rollups, IHeatmapReader snapshots)
    {
        var (hours, head, tail) = UtcHour.Split(range);
        if (hours.From >= hours.To) return HeatmapAccumulator.SumByCamera(snapshots.FindHeatmaps(storeId, cameraId, range));
        var edges = snapshots.FindHeatmaps(storeId, cameraId, head).Concat(snapshots.FindHeatmaps(storeId, cameraId, tail)).Select(HeatmapHourRollup.Of);
        return HeatmapAccumulator.SumByCamera(rollups.HeatmapRollups(storeId, cameraId, hours.From, hours.To).Concat(edges));
    }
}
