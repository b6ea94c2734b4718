using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Zones;

/// <summary>
/// A polygon on one camera's image (pixels) where visits are counted. A person counts as in the zone after being
/// inside for <paramref name="MinPresenceSeconds"/>; the visit ends once they have been out of it for longer than
/// <paramref name="ExitGraceSeconds"/>.
/// </summary>
public sealed record Zone(string Id, string Name, ZoneKind Kind, PointF[] Polygon, double MinPresenceSeconds, double ExitGraceSeconds)
{
    /// <summary>Dwell thresholds for this zone; null uses the classifier's defaults.</summary>
    public DwellThresholds? Thresholds { get; init; }

    /// <summary>For a <see cref="ZoneKind.Queue"/> zone: where people are served (the till), which tells served from abandoned.</summary>
    public PointF? ServicePoint { get; init; }

    /// <summary>What makes this zone unusable, or null when it is fine.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Id)) return "the zone has no id";
        if (Polygon is null || Polygon.Length < 3) return $"zone '{Id}': a polygon needs at least 3 points";
        foreach (var p in Polygon)
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y)) return $"zone '{Id}': point ({p.X}, {p.Y}) is not a finite number";
        if (PolygonGeometry.IsSelfIntersecting(Polygon)) return $"zone '{Id}': the polygon's edges cross each other (points out of order?)";
        if (PolygonGeometry.Area(Polygon) == 0) return $"zone '{Id}': the polygon encloses no area";
        if (!(MinPresenceSeconds >= 0) || double.IsInfinity(MinPresenceSeconds)) return $"zone '{Id}': MinPresenceSeconds {MinPresenceSeconds} is not a finite non-negative time";
        if (!(ExitGraceSeconds >= 0) || double.IsInfinity(ExitGraceSeconds)) return $"zone '{Id}': ExitGraceSeconds {ExitGraceSeconds} is not a finite non-negative time";
        if (Thresholds is { } d && !(d.BrowseSeconds >= 0 && d.EngagedSeconds >= d.BrowseSeconds && double.IsFinite(d.EngagedSeconds)))
            return $"zone '{Id}': dwell thresholds {d.BrowseSeconds} s / {d.EngagedSeconds} s must be finite with 0 ≤ browse ≤ engaged";
        if (ServicePoint is { } s && (!float.IsFinite(s.X) || !float.IsFinite(s.Y))) return $"zone '{Id}': the service point is not a finite point";
        return null;
    }
}
