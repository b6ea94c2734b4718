namespace RetailVision.Aggregator.Kpis;

/// <summary>The same figures as <see cref="ZoneKpi"/> over every zone of the store together.</summary>
public sealed record KpiTotals(int Visits, int CompletedVisits, double? MeanDwellSeconds, double? MedianDwellSeconds);
