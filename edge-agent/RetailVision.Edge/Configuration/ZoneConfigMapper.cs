using RetailVision.Edge.Geometry;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Configuration;

/// <summary>Turns validated zone configuration into the zone logic's domain type.</summary>
public static class ZoneConfigMapper
{
    public static Zone[] ToZones(ZoneConfig[] configs)
    {
        var zones = new Zone[configs.Length];
        for (var i = 0; i < configs.Length; i++)
        {
            var c = configs[i];
            var polygon = new PointF[c.Polygon.Length];
            for (var p = 0; p < polygon.Length; p++) polygon[p] = new PointF(c.Polygon[p][0], c.Polygon[p][1]);
            zones[i] = new Zone(c.Id, c.Name ?? c.Id, Enum.Parse<ZoneKind>(c.Kind, ignoreCase: true), polygon, c.MinPresenceSeconds, c.ExitGraceSeconds);
        }
        return zones;
    }
}
