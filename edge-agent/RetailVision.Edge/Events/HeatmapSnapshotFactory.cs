using RetailVision.Contracts;
using RetailVision.Edge.Heatmaps;

namespace RetailVision.Edge.Events;

/// <summary>Closes a heatmap period into a contract snapshot (a copy of the cells, with a fresh id).</summary>
public static class HeatmapSnapshotFactory
{
    public static HeatmapSnapshot Create(string storeId, string cameraId, OccupancyHeatmap heatmap, int frameWidth, int frameHeight,
        int columns, int rows, DateTimeOffset periodStart, DateTimeOffset periodEnd)
    {
        var cells = new float[columns * rows];
        heatmap.CopyTo(cells);
        return new HeatmapSnapshot(ContractVersion.Current, Guid.CreateVersion7(periodEnd), storeId, cameraId, periodStart, periodEnd,
            frameWidth, frameHeight, columns, rows, cells);
    }
}
