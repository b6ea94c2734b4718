namespace RetailVision.Aggregator;

/// <summary>Whole UTC periods of a fixed length that divides a day (an hour, a day), counted from 0001-01-01.</summary>
internal static class UtcPeriod
{
    public static DateTimeOffset Floor(DateTimeOffset instant, long periodTicks) => new(instant.UtcTicks - instant.UtcTicks % periodTicks, TimeSpan.Zero);

    public static DateTimeOffset Ceiling(DateTimeOffset instant, long periodTicks)
    {
        var start = Floor(instant, periodTicks);
        return start == instant ? start : start.AddTicks(periodTicks);
    }

    /// <summary>
    /// The whole periods inside <paramref name="range"/> and the parts of a period at either end (empty when the range
    /// does not reach them); a range within one period has no whole periods, and all of it is the head.
    /// </summary>
    public static (TimeRange Whole, TimeRange Head, TimeRange Tail) Split(TimeRange range, long periodTicks)
    {
        var first = range.IsBoundedBelow ? Ceiling(range.From, periodTicks) : DateTimeOffset.MinValue;
        var end = range.IsBoundedAbove ? Floor(range.To, periodTicks) : DateTimeOffset.MaxValue;
        if (first >= end) return (new TimeRange(range.From, range.From), range, new TimeRange(range.To, range.To));
        return (new TimeRange(first, end), range with { To = first }, range with { From = end });
    }
}
