namespace RetailVision.Aggregator;

/// <summary>A half-open time range [From, To) that queries, KPIs and heatmaps are restricted to.</summary>
public readonly record struct TimeRange(DateTimeOffset From, DateTimeOffset To)
{
    public static TimeRange All { get; } = new(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    public bool IsBoundedBelow => From != DateTimeOffset.MinValue;

    public bool IsBoundedAbove => To != DateTimeOffset.MaxValue;

    public bool Contains(DateTimeOffset instant) => instant >= From && instant < To;
}
