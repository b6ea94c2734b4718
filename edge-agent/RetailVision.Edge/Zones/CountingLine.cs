using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Zones;

/// <summary>
/// A directed segment A→B on the image where people are counted. Standing at A and looking towards B, "in" is crossing
/// from the left-hand side to the right-hand side. In image coordinates (y grows downwards) the right-hand side is where
/// (B − A) × (P − A) = (Bx − Ax)(Py − Ay) − (By − Ay)(Px − Ax) is positive: for A = (0, 0), B = (100, 0) it is y &gt; 0,
/// below the line on screen, so walking down across that line is in. A crossing counts once the foot point has gone
/// from more than <paramref name="HysteresisPixels"/> (perpendicular) on one side to more than that on the other.
/// </summary>
public sealed record CountingLine(string Id, string Name, PointF A, PointF B, double HysteresisPixels)
{
    /// <summary>What makes this line unusable, or null when it is fine.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Id)) return "the line has no id";
        if (!float.IsFinite(A.X) || !float.IsFinite(A.Y) || !float.IsFinite(B.X) || !float.IsFinite(B.Y)) return $"line '{Id}': an end is not a finite point";
        if (A == B) return $"line '{Id}': both ends are the same point";
        if (!(HysteresisPixels >= 0) || double.IsInfinity(HysteresisPixels)) return $"line '{Id}': HysteresisPixels {HysteresisPixels} is not a finite non-negative distance";
        return null;
    }
}
