namespace RetailVision.Aggregator.Kpis;

/// <summary>A store's zone KPIs over [From, To) by visit entry time; From/To are null where the range is unbounded.</summary>
public sealed record StoreKpis(string StoreId, DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<ZoneKpi> Zones, KpiTotals Totals);
