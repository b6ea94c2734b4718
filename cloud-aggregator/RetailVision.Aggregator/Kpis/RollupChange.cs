using RetailVision.Contracts;

namespace RetailVision.Aggregator.Kpis;

/// <summary>
/// What one newly stored event adds to the hourly rollups, given what they already hold of its visit. A visit counts
/// once whether its enter, its exit or both arrive, in either order; its first exit completes it; a second exit of a
/// completed visit adds nothing. Crossings count by the hour they happened in. Pure: the store keeps the state.
/// </summary>
public sealed record RollupChange(VisitProgress? Visit, ZoneHourRollup? Zone, LineHourRollup? Line)
{
    public static RollupChange None { get; } = new(null, null, null);

    /// <summary>The key of the visit an enter or exit belongs to; the same instant written with another offset is the same visit.</summary>
    public static string VisitKey(DecisionPointEvent e) => $"{e.StoreId}/{e.CameraId}/{e.ZoneId}/{e.TrackId}/{e.EnteredAt.UtcTicks}";

    public static RollupChange Of(DecisionPointEvent e, VisitProgress? known)
    {
        if (e.Kind == DecisionPointKind.LineCross)
            return new(null, null, new LineHourRollup(e.StoreId, e.CameraId, e.ZoneId, UtcHour.Floor(e.Timestamp),
                e.Direction == LineDirection.In ? 1 : 0, e.Direction == LineDirection.Out ? 1 : 0));
        var zone = ZoneHourRollup.Empty(e.StoreId, e.CameraId, e.ZoneId, UtcHour.Floor(e.EnteredAt));
        if (e.Kind == DecisionPointKind.ZoneEnter)
            return known is null ? new(VisitProgress.Entered, zone with { Visits = 1 }, null) : None;
        if (known == VisitProgress.Completed || e.DwellSeconds is not { } dwell) return None;
        return new(VisitProgress.Completed, zone with
        {
            Visits = known is null ? 1 : 0,
            CompletedVisits = 1,
            DwellSumSeconds = dwell,
            Dwell = DwellHistogram.Empty.Add(dwell),
            PassBy = e.DwellClass == DwellClass.PassBy ? 1 : 0,
            Browse = e.DwellClass == DwellClass.Browse ? 1 : 0,
            Engaged = e.DwellClass == DwellClass.Engaged ? 1 : 0,
            Served = e.Served == true ? 1 : 0,
            Abandoned = e.Served == false ? 1 : 0,
        }, null);
    }

    /// <summary>The rollups of a self-contained set of events (each visit's events all in it), per zone-hour and line-hour.</summary>
    public static (IReadOnlyCollection<ZoneHourRollup> Zones, IReadOnlyCollection<LineHourRollup> Lines) Summarise(IEnumerable<DecisionPointEvent> events)
    {
        var accumulator = new RollupAccumulator(_ => null);
        var seen = new HashSet<Guid>();
        foreach (var e in events)
            if (seen.Add(e.EventId)) accumulator.Apply(e);
        return (accumulator.Zones, accumulator.Lines);
    }
}
