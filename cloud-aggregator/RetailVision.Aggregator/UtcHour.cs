namespace RetailVision.Aggregator;

/// <summary>Whole UTC hours, the unit of the rollups.</summary>
public static class UtcHour
{
    /// <summary>The start of the UTC hour <paramref name="instant"/> falls in.</summary>
    public static DateTimeOffset Floor(DateTimeOffset instant) => new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);

    /// <summary>The first whole-hour start at or after <paramref name="instant"/>.</summary>
    public static DateTimeOffset Ceiling(DateTimeOffset instant)
    {
        var hour = Floor(instant);
        return hour == instant ? hour : hour.AddHours(1);
    }

    /// <summary>
    /// Splits <paramref name="range"/> into the whole hours inside it and the parts of an hour at either end (empty
    /// when the range does not reach them); a range within one hour has no whole hours.
    /// </summary>
    public static (TimeRange WholeHours, TimeRange Head, TimeRange Tail) Split(TimeRange range)
    {
        var first = range.IsBoundedBelow ? Ceiling(range.From) : DateTimeOffset.MinValue;
        var end = range.IsBoundedAbove ? Floor(range.To) : DateTimeOffset.MaxValue;
        if (first >= end) return (new TimeRange(range.From, range.From), range, new TimeRange(range.To, range.To));
        return (new TimeRange(first, end), range with { To = first }, range with { From = end });
    }
}
