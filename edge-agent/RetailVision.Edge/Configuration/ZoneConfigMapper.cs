using RetailVision.Edge.Geometry;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Configuration;

/// <summary>Turns validated zone and line configuration into the zone logic's domain types.</summary>
public static class ZoneConfigMapper
{
    public static Zone[] ToZones(ZoneConfig[] configs)
    {
        var zones = new Zone[configs.Length];
        for (var i = 0; i < configs.Length; i++)
        {
            var c = configs[i];
            var polygon = new PointF[c.Polygon.Length];
            for (var p = 0; p < polygon.Length; p++) polygon[p] = Point(c.Polygon[p]);
            zones[i] = new Zone(c.Id, c.Name ?? c.Id, Enum.Parse<ZoneKind>(c.Kind, ignoreCase: true), polygon, c.MinPresenceSeconds, c.ExitGraceSeconds)
            {
                Thresholds = new DwellThresholds(c.BrowseSeconds, c.EngagedSeconds),
                ServicePoint = c.ServicePoint is null ? null : Point(c.ServicePoint),
            };
        }
        return zones;
    }

    public static CountingLine[] ToLines(LineConfig[] configs)
    {
        var lines = new CountingLine[configs.Length];
        for (var i = 0; i < configs.Length; i++)
        {
            var c = configs[i];
            lines[i] = new CountingLine(c.Id, c.Name ?? c.Id, Point(c.A), Point(c.B), c.HysteresisPixels);
        }
        return lines;
    }

    /// <summary>The zones and lines of one camera, as the zone logic and its accuracy evaluation take them.</summary>
    public static ZoneLayout ToLayout(CameraConfig camera) => new(ToZones(camera.Zones), ToLines(camera.Lines));

    private static PointF Point(float[] xy) => new(xy[0], xy[1]);
}
