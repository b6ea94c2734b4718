using RetailVision.Aggregator.Storage;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Kpis;

/// <summary>
/// A store's KPIs over a range at a cost that does not grow with its history: the whole hours inside the range come
/// from the stored rollups, and only the part of an hour at each end of the range from raw events.
/// </summary>
public static class StoreKpiQuery
{
    public static StoreKpis Run(string storeId, TimeRange range, IRollupReader rollups, IEventReader events)
    {
        var firstWholeHour = range.IsBoundedBelow ? CeilingHour(range.From) : DateTimeOffset.MinValue;
        var endOfWholeHours = range.IsBoundedAbove ? RollupChange.HourOf(range.To) : DateTimeOffset.MaxValue;
        if (firstWholeHour >= endOfWholeHours)
            return ZoneKpiCalculator.Calculate(storeId, events.FindEvents(storeId, range), range);

        var edges = new List<DecisionPointEvent>();
        if (range.From < firstWholeHour) edges.AddRange(events.FindEvents(storeId, range with { To = firstWholeHour }));
        if (endOfWholeHours < range.To) edges.AddRange(events.FindEvents(storeId, range with { From = endOfWholeHours }));
        var (edgeZones, edgeLines) = RollupChange.Summarise(ZoneKpiCalculator.InRange(storeId, edges, range));
        return ZoneKpiCalculator.FromRollups(storeId, range,
            rollups.ZoneRollups(storeId, firstWholeHour, endOfWholeHours).Concat(edgeZones),
            rollups.LineRollups(storeId, firstWholeHour, endOfWholeHours).Concat(edgeLines));
    }

    private static DateTimeOffset CeilingHour(DateTimeOffset instant)
    {
        var hour = RollupChange.HourOf(instant);
        return hour == instant ? hour : hour.AddHours(1);
    }
}
