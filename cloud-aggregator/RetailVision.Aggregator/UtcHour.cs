namespace RetailVision.Aggregator;

/// <summary>Whole UTC hours, the unit of the rollups.</summary>
public static class UtcHour
{
    /// <summary>The start of the UTC hour <paramref name="instant"/> falls in.</summary>
    public static DateTimeOffset Floor(DateTimeOffset instant) => UtcPeriod.Floor(instant, TimeSpan.TicksPerHour);

    /// <summary>The first whole-hour start at or after <paramref name="instant"/>.</summary>
    public static DateTimeOffset Ceiling(DateTimeOffset instant) => UtcPeriod.Ceiling(instant, TimeSpan.TicksPerHour);

    /// <summary>
    /// Splits <paramref name="range"/> into the whole hours inside it and the parts of an hour at either end (empty
    /// when the range does not reach them); a range within one hour has no whole hours.
    /// </summary>
    public static (TimeRange WholeHours, TimeRange Head, TimeRange Tail) Split(TimeRange range) => UtcPeriod.Split(range, TimeSpan.TicksPerHour);
}
