using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Zones;

/// <summary>Point-in-polygon and the sanity checks a zone polygon gets.</summary>
public static class PolygonGeometry
{
    /// <summary>
    /// Even–odd ray casting. A point exactly on the border is decided by half-open rules, like pixel rasterisation:
    /// on left and top edges it is inside, on right and bottom edges (image y grows downwards) outside, so two zones
    /// that share an edge never both claim a point on it.
    /// </summary>
    public static bool Contains(ReadOnlySpan<PointF> polygon, PointF p)
    {
        var inside = false;
        for (int i = 0, j = polygon.Length - 1; i < polygon.Length; j = i++)
        {
            PointF a = polygon[i], b = polygon[j];
            // The edge counts when p.Y lies in [min y, max y) of it: horizontal edges never, shared vertices once.
            if (a.Y > p.Y == b.Y > p.Y) continue;
            var crossingX = a.X + (double)(p.Y - a.Y) * (b.X - a.X) / (b.Y - a.Y);
            if (p.X < crossingX) inside = !inside;
        }
        return inside;
    }

    /// <summary>Absolute area enclosed (shoelace formula); 0 for a degenerate polygon.</summary>
    public static double Area(ReadOnlySpan<PointF> polygon)
    {
        var twice = 0.0;
        for (int i = 0, j = polygon.Length - 1; i < polygon.Length; j = i++)
            twice += (double)polygon[j].X * polygon[i].Y - (double)polygon[i].X * polygon[j].Y;
        return Math.Abs(twice) / 2;
    }

    /// <summary>True when two edges that are not neighbours touch or cross.</summary>
    public static bool IsSelfIntersecting(ReadOnlySpan<PointF> polygon)
    {
        var n = polygon.Length;
        for (var i = 0; i < n; i++)
        for (var k = i + 1; k < n; k++)
        {
            if (k == i + 1 || (i == 0 && k == n - 1)) continue; // neighbours share a vertex by construction
            if (SegmentsTouch(polygon[i], polygon[(i + 1) % n], polygon[k], polygon[(k + 1) % n])) return true;
        }
        return false;
    }

    private static bool SegmentsTouch(PointF a, PointF b, PointF c, PointF d)
    {
        var d1 = Cross(c, d, a);
        var d2 = Cross(c, d, b);
        var d3 = Cross(a, b, c);
        var d4 = Cross(a, b, d);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
        return (d1 == 0 && OnSegment(c, d, a)) || (d2 == 0 && OnSegment(c, d, b))
            || (d3 == 0 && OnSegment(a, b, c)) || (d4 == 0 && OnSegment(a, b, d));
    }

    /// <summary>Which side of the line o→a the point p lies on (sign), times the parallelogram area.</summary>
    private static double Cross(PointF o, PointF a, PointF p) => ((double)a.X - o.X) * ((double)p.Y - o.Y) - ((double)a.Y - o.Y) * ((double)p.X - o.X);

    /// <summary>For p collinear with a→b: whether it lies within the segment's bounding box.</summary>
    private static bool OnSegment(PointF a, PointF b, PointF p) =>
        Math.Min(a.X, b.X) <= p.X && p.X <= Math.Max(a.X, b.X) && Math.Min(a.Y, b.Y) <= p.Y && p.Y <= Math.Max(a.Y, b.Y);
}
