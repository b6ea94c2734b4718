using RetailVision.Aggregator.Storage;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Kpis;

/// <summary>
/// A store's KPIs over a range at a cost that does not grow with its history: whole days inside the range come from
/// the day rollups, the whole hours around them from the hour rollups, and only the part of an hour at each end of
/// the range from raw events. A 30-day range reads about 30 rows per zone, plus up to 46 hours of them.
/// </summary>
public static class StoreKpiQuery
{
    public static StoreKpis Run(string storeId, TimeRange range, IRollupReader rollups, IEventReader events)
    {
        var (hours, head, tail) = UtcHour.Split(range);
        if (hours.From >= hours.To) return ZoneKpiCalculator.Calculate(storeId, events.FindEvents(storeId, range), range);

        var (days, firstHours, lastHours) = UtcDay.Split(hours);
        List<DecisionPointEvent> edges = [.. events.FindEvents(storeId, head), .. events.FindEvents(storeId, tail)];
        var (edgeZones, edgeLines) = RollupChange.Summarise(ZoneKpiCalculator.InRange(storeId, edges, range));
        List<ZoneHourRollup> zones = [.. edgeZones];
        List<LineHourRollup> lines = [.. edgeLines];
        if (days.From < days.To)
        {
            zones.AddRange(rollups.ZoneDayRollups(storeId, days.From, days.To));
            lines.AddRange(rollups.LineDayRollups(storeId, days.From, days.To));
        }
        foreach (var part in (TimeRange[])[firstHours, lastHours])
        {
            if (part.From >= part.To) continue;
            zones.AddRange(rollups.ZoneRollups(storeId, part.From, part.To));
            lines.AddRange(rollups.LineRollups(storeId, part.From, part.To));
        }
        return ZoneKpiCalculator.FromRollups(storeId, range, zones, lines);
    }
}
