using RetailVision.Contracts;

namespace RetailVision.Aggregator.Kpis;

/// <summary>
/// Zone and line KPIs, summed from hourly rollups (<see cref="ZoneHourRollup"/>, <see cref="LineHourRollup"/>): the
/// stored ones for whole hours, and rollups of raw events (<see cref="RollupChange.Summarise"/>) wherever a range
/// starts or ends inside an hour, so that both paths count the same way. A visit belongs to the range its enteredAt
/// falls in, a crossing to the range it happened in. Means are exact; medians come from the dwell histogram.
/// </summary>
public static class ZoneKpiCalculator
{
    /// <summary>KPIs of the events of <paramref name="storeId"/> that fall in <paramref name="range"/>.</summary>
    public static StoreKpis Calculate(string storeId, IEnumerable<DecisionPointEvent> events, TimeRange range)
    {
        var (zones, lines) = RollupChange.Summarise(InRange(storeId, events, range));
        return FromRollups(storeId, range, zones, lines);
    }

    /// <summary>The events of a store a range holds: visits by entry time, crossings by crossing time.</summary>
    public static IEnumerable<DecisionPointEvent> InRange(string storeId, IEnumerable<DecisionPointEvent> events, TimeRange range) =>
        events.Where(e => e.StoreId == storeId && range.Contains(e.Kind == DecisionPointKind.LineCross ? e.Timestamp : e.EnteredAt));

    public static StoreKpis FromRollups(string storeId, TimeRange range, IEnumerable<ZoneHourRollup> zoneHours, IEnumerable<LineHourRollup> lineHours)
    {
        var zones = zoneHours
            .GroupBy(z => (z.CameraId, z.ZoneId))
            .Select(g => ZoneHourRollup.Sum(g.ToList()))
            .OrderBy(z => z.CameraId, StringComparer.Ordinal)
            .ThenBy(z => z.ZoneId, StringComparer.Ordinal)
            .ToList();
        var total = zones.Count == 0 ? ZoneHourRollup.Empty(storeId, "", "", default) : ZoneHourRollup.Sum(zones);
        var lines = lineHours
            .GroupBy(l => (l.CameraId, l.LineId))
            .Select(g => g.Aggregate((a, b) => a.Add(b)))
            .OrderBy(l => l.CameraId, StringComparer.Ordinal)
            .ThenBy(l => l.LineId, StringComparer.Ordinal)
            .Select(l => new LineKpi(l.CameraId, l.LineId, (int)l.In, (int)l.Out))
            .ToList();
        return new StoreKpis(
            storeId,
            range.IsBoundedBelow ? range.From : null,
            range.IsBoundedAbove ? range.To : null,
            zones.Select(ToKpi).ToList(),
            new KpiTotals((int)total.Visits, (int)total.CompletedVisits, Mean(total), total.Dwell.Quantile(0.5)))
        {
            Lines = lines,
        };
    }

    private static ZoneKpi ToKpi(ZoneHourRollup z) =>
        new(z.CameraId, z.ZoneId, (int)z.Visits, (int)z.CompletedVisits, Mean(z), z.Dwell.Quantile(0.5))
        {
            PassBy = (int)z.PassBy,
            Browse = (int)z.Browse,
            Engaged = (int)z.Engaged,
            Served = (int)z.Served,
            Abandoned = (int)z.Abandoned,
        };

    private static double? Mean(ZoneHourRollup z) => z.CompletedVisits == 0 ? null : z.DwellSumSeconds / z.CompletedVisits;
}
