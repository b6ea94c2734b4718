using RetailVision.Edge.Geometry;

namespace RetailVision.LoadGenerator.Scenes;

/// <summary>One person's foot point (centimetres on the ground) at an instant.</summary>
public readonly record struct PersonAt(int PersonId, PointF Foot);
