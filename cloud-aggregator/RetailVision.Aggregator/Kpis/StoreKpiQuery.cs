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
        var (hours, head, tail) = UtcHour.Split(range);
        if (hours.From >= hours.To) return ZoneKpiCalculator.Calculate(storeId, events.FindEvents(storeId, range), range);

        List<DecisionPointEvent> edges = [.. events.FindEvents(storeId, head), .. events.FindEvents(storeId, tail)];
        var (edgeZones, edgeLines) = RollupChange.Summarise(ZoneKpiCalculator.InRange(storeId, edges, range));
        return ZoneKpiCalculator.FromRollups(storeId, range,
            rollups.ZoneRollups(storeId, hours.From, hours.To).Concat(edgeZones),
            rollups.LineRollups(storeId, hours.From, hours.To).Concat(edgeLines));
    }
}
