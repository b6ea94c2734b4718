using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Evaluation;

/// <summary>
/// One line of a MOTChallenge file: a box on a 1-based frame. <paramref name="Id"/> is the person (ground truth or
/// track) or -1 for a bare detection; <paramref name="Score"/> the confidence (1 in ground truth).
/// </summary>
public readonly record struct MotRow(int Frame, int Id, BoundingBox Box, float Score);
