using RetailVision.Contracts;

namespace RetailVision.Aggregator.Kpis;

/// <summary>
/// Sums the <see cref="RollupChange"/>s of a run of events per zone-hour and line-hour, tracking each visit's progress
/// across the run. What a visit had reached before the run comes from <c>storedProgress</c> (the store's own record,
/// or nothing for a self-contained set of events).
/// </summary>
public sealed class RollupAccumulator(Func<string, VisitProgress?> storedProgress)
{
    private readonly Dictionary<(string, string, DateTimeOffset), ZoneHourRollup> _zones = [];
    private readonly Dictionary<(string, string, DateTimeOffset), LineHourRollup> _lines = [];

    /// <summary>The progress of every visit the run changed, to be stored with the rollups.</summary>
    public Dictionary<string, VisitProgress> Visits { get; } = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ZoneHourRollup> Zones => _zones.Values;

    public IReadOnlyCollection<LineHourRollup> Lines => _lines.Values;

    public void Apply(DecisionPointEvent e)
    {
        VisitProgress? known = null;
        var key = e.Kind == DecisionPointKind.LineCross ? null : RollupChange.VisitKey(e);
        if (key is not null) known = Visits.TryGetValue(key, out var progress) ? progress : storedProgress(key);
        var change = RollupChange.Of(e, known);
        if (key is not null && change.Visit is { } next) Visits[key] = next;
        if (change.Zone is { } z)
            _zones[(z.CameraId, z.ZoneId, z.Hour)] = _zones.TryGetValue((z.CameraId, z.ZoneId, z.Hour), out var sum) ? sum.Add(z) : z;
        if (change.Line is { } l)
            _lines[(l.CameraId, l.LineId, l.Hour)] = _lines.TryGetValue((l.CameraId, l.LineId, l.Hour), out var total) ? total.Add(l) : l;
    }
}
