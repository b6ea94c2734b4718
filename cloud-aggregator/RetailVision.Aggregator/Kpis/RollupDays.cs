namespace RetailVision.Aggregator.Kpis;

/// <summary>
/// Zone-hours and line-hours summed per UTC day, labelled by the day's first hour and ordered by key, so that every
/// writer updates a store's day rows in the same order.
/// </summary>
public static class RollupDays
{
    public static IReadOnlyList<ZoneHourRollup> Zones(IEnumerable<ZoneHourRollup> hours) =>
        hours.GroupBy(z => (z.StoreId, z.CameraId, z.ZoneId, Day: UtcDay.Floor(z.Hour)))
            .OrderBy(g => g.Key.StoreId, StringComparer.Ordinal).ThenBy(g => g.Key.CameraId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.ZoneId, StringComparer.Ordinal).ThenBy(g => g.Key.Day)
            .Select(g => ZoneHourRollup.Sum(g.ToList()) with { Hour = g.Key.Day })
            .ToList();

    public static IReadOnlyList<LineHourRollup> Lines(IEnumerable<LineHourRollup> hours) =>
        hours.GroupBy(l => (l.StoreId, l.CameraId, l.LineId, Day: UtcDay.Floor(l.Hour)))
            .OrderBy(g => g.Key.StoreId, StringComparer.Ordinal).ThenBy(g => g.Key.CameraId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.LineId, StringComparer.Ordinal).ThenBy(g => g.Key.Day)
            .Select(g => new LineHourRollup(g.Key.StoreId, g.Key.CameraId, g.Key.LineId, g.Key.Day, g.Sum(l => l.In), g.Sum(l => l.Out)))
            .ToList();
}
