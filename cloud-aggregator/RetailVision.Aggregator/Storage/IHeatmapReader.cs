using RetailVision.Contracts;

namespace RetailVision.Aggregator.Storage;

public interface IHeatmapReader
{
    /// <summary>Heatmap snapshots of a store (one camera, or all when null) whose PeriodStart lies in <paramref name="range"/>.</summary>
    IReadOnlyList<HeatmapSnapshot> FindHeatmaps(string storeId, string? cameraId, TimeRange range);
}
