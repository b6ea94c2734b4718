using RetailVision.Aggregator.Heatmaps;
using RetailVision.Aggregator.Kpis;

namespace RetailVision.Aggregator.Storage;

/// <summary>The hourly and daily rollups kept at ingest, for KPIs and heatmaps whose cost does not grow with a store's history.</summary>
public interface IRollupReader
{
    /// <summary>Zone-hours of a store with <paramref name="fromHour"/> ≤ hour &lt; <paramref name="toHour"/>.</summary>
    IReadOnlyList<ZoneHourRollup> ZoneRollups(string storeId, DateTimeOffset fromHour, DateTimeOffset toHour);

    IReadOnlyList<LineHourRollup> LineRollups(string storeId, DateTimeOffset fromHour, DateTimeOffset toHour);

    /// <summary>
    /// Zone-days of a store (each the sum of its zone-hours of one UTC day, <see cref="ZoneHourRollup.Hour"/> its first
    /// hour) with <paramref name="fromDay"/> ≤ day &lt; <paramref name="toDay"/>: what long ranges are summed from.
    /// </summary>
    IReadOnlyList<ZoneHourRollup> ZoneDayRollups(string storeId, DateTimeOffset fromDay, DateTimeOffset toDay);

    IReadOnlyList<LineHourRollup> LineDayRollups(string storeId, DateTimeOffset fromDay, DateTimeOffset toDay);

    /// <summary>Heatmap camera-hours of a store (one camera, or all when null), by snapshot period start.</summary>
    IReadOnlyList<HeatmapHourRollup> HeatmapRollups(string storeId, string? cameraId, DateTimeOffset fromHour, DateTimeOffset toHour);
}
