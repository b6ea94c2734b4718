namespace RetailVision.Aggregator;

/// <summary>Whole UTC days, the unit of the day rollups that long KPI ranges are summed from.</summary>
public static class UtcDay
{
    /// <summary>The start of the UTC day <paramref name="instant"/> falls in.</summary>
    public static DateTimeOffset Floor(DateTimeOffset instant) => UtcPeriod.Floor(instant, TimeSpan.TicksPerDay);

    /// <summary>Splits <paramref name="range"/> into the whole days inside it and what is left at either end.</summary>
    public static (TimeRange WholeDays, TimeRange Head, TimeRange Tail) Split(TimeRange range) => UtcPeriod.Split(range, TimeSpan.TicksPerDay);
}
