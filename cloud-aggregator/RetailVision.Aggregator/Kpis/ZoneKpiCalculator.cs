using RetailVision.Contracts;

namespace RetailVision.Aggregator.Kpis;

/// <summary>
/// Zone KPIs from decision-point events. A visit is identified by (camera, zone, track, enteredAt): its enter and exit
/// events share that key, so a visit counts once, and redelivered copies change nothing. A visit belongs to the range
/// its enteredAt falls in.
/// </summary>
public static class ZoneKpiCalculator
{
    public static StoreKpis Calculate(string storeId, IEnumerable<DecisionPointEvent> events, TimeRange range)
    {
        var visits = CollectVisits(storeId, events, range);
        var zones = visits
            .GroupBy(v => (v.Key.CameraId, v.Key.ZoneId))
            .OrderBy(g => g.Key.CameraId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.ZoneId, StringComparer.Ordinal)
            .Select(g =>
            {
                var (count, completed, mean, median) = Summarise(g.Select(v => v.Value.Dwell));
                return new ZoneKpi(g.Key.CameraId, g.Key.ZoneId, count, completed, mean, median)
                {
                    PassBy = g.Count(v => v.Value.Class == DwellClass.PassBy),
                    Browse = g.Count(v => v.Value.Class == DwellClass.Browse),
                    Engaged = g.Count(v => v.Value.Class == DwellClass.Engaged),
                    Served = g.Count(v => v.Value.Served == true),
                    Abandoned = g.Count(v => v.Value.Served == false),
                };
            })
            .ToList();
        var totals = Summarise(visits.Values.Select(v => v.Dwell));
        return new StoreKpis(
            storeId,
            range.IsBoundedBelow ? range.From : null,
            range.IsBoundedAbove ? range.To : null,
            zones,
            new KpiTotals(totals.Visits, totals.Completed, totals.Mean, totals.Median))
        {
            Lines = CountLines(storeId, events, range),
        };
    }

    /// <summary>The middle value of the sorted values (the mean of the two middle ones for an even count); null when empty.</summary>
    public static double? Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Each visit of the store in range, with what its exit said once the exit was seen.</summary>
    private static Dictionary<VisitKey, VisitOutcome> CollectVisits(string storeId, IEnumerable<DecisionPointEvent> events, TimeRange range)
    {
        var visits = new Dictionary<VisitKey, VisitOutcome>();
        foreach (var e in events)
        {
            if (e.StoreId != storeId || e.Kind == DecisionPointKind.LineCross || !range.Contains(e.EnteredAt)) continue;
            var key = new VisitKey(e.CameraId, e.ZoneId, e.TrackId, e.EnteredAt);
            if (e.Kind == DecisionPointKind.ZoneExit) visits[key] = new VisitOutcome(e.DwellSeconds, e.DwellClass, e.Served);
            else visits.TryAdd(key, default);
        }
        return visits;
    }

    /// <summary>Crossings of each counting line in range, by direction.</summary>
    private static List<LineKpi> CountLines(string storeId, IEnumerable<DecisionPointEvent> events, TimeRange range) => events
        .Where(e => e.StoreId == storeId && e.Kind == DecisionPointKind.LineCross && range.Contains(e.Timestamp))
        .GroupBy(e => (e.CameraId, LineId: e.ZoneId))
        .OrderBy(g => g.Key.CameraId, StringComparer.Ordinal)
        .ThenBy(g => g.Key.LineId, StringComparer.Ordinal)
        .Select(g => new LineKpi(g.Key.CameraId, g.Key.LineId, g.Count(e => e.Direction == LineDirection.In), g.Count(e => e.Direction == LineDirection.Out)))
        .ToList();

    private static (int Visits, int Completed, double? Mean, double? Median) Summarise(IEnumerable<double?> visitDwells)
    {
        var visits = 0;
        var dwells = new List<double>();
        foreach (var dwell in visitDwells)
        {
            visits++;
            if (dwell is { } seconds) dwells.Add(seconds);
        }
        return (visits, dwells.Count, dwells.Count == 0 ? null : dwells.Average(), Median(dwells));
    }

    private readonly record struct VisitOutcome(double? Dwell, DwellClass? Class, bool? Served);

    /// <summary>DateTimeOffset equality compares instants, so the same entry written with different offsets is one visit.</summary>
    private readonly record struct VisitKey(string CameraId, string ZoneId, long TrackId, DateTimeOffset EnteredAt);
}
