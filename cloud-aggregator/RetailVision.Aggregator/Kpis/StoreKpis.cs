namespace RetailVision.Aggregator.Kpis;

/// <summary>
/// A store's KPIs over [From, To): zones by visit entry time, lines by crossing time. From/To are null where the range
/// is unbounded.
/// </summary>
public sealed record StoreKpis(string StoreId, DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<ZoneKpi> Zones, KpiTotals Totals)
{
    public IReadOnlyList<LineKpi> Lines { get; init; } = [];
}
