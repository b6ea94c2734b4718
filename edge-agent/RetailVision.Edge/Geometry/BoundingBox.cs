namespace RetailVision.Edge.Geometry;

/// <summary>An axis-aligned box in image pixels, top-left corner plus size (the MOTChallenge convention).</summary>
public readonly record struct BoundingBox(float X, float Y, float Width, float Height)
{
    public float Right => X + Width;
    public float Bottom => Y + Height;
    public float Area => Width * Height;

    /// <summary>False once a motion model has driven the box undefined (a negative area or aspect ratio gives NaN).</summary>
    public bool IsFinite => float.IsFinite(X) && float.IsFinite(Y) && float.IsFinite(Width) && float.IsFinite(Height);

    /// <summary>Where a standing person touches the floor: zones are tested here, not at the box centre.</summary>
    public PointF FootPoint => new(X + Width * 0.5f, Y + Height);

    /// <summary>The same box in an image scaled by <paramref name="sx"/> across and <paramref name="sy"/> down.</summary>
    public BoundingBox Scaled(float sx, float sy) => new(X * sx, Y * sy, Width * sx, Height * sy);

    public static BoundingBox FromCorners(float left, float top, float right, float bottom) => new(left, top, right - left, bottom - top);

    /// <summary>Intersection over union; 0 when either box is empty.</summary>
    public static float IoU(in BoundingBox a, in BoundingBox b)
    {
        var w = MathF.Min(a.Right, b.Right) - MathF.Max(a.X, b.X);
        var h = MathF.Min(a.Bottom, b.Bottom) - MathF.Max(a.Y, b.Y);
        if (w <= 0 || h <= 0) return 0;
        var inter = w * h;
        var union = a.Area + b.Area - inter;
        return union > 0 ? inter / union : 0;
    }
}
