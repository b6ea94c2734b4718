namespace RetailVision.Edge.Geometry;

/// <summary>One person found by the detector in one frame: the box and the detector's confidence (0–1).</summary>
public readonly record struct Detection(BoundingBox Box, float Score);
