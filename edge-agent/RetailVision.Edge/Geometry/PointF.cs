namespace RetailVision.Edge.Geometry;

/// <summary>A point in image pixels.</summary>
public readonly record struct PointF(float X, float Y);
