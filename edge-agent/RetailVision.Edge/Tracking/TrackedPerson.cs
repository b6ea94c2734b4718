using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Tracking;

/// <summary>
/// One person the tracker reports on a frame. <paramref name="Score"/> is the confidence of the detection last matched to
/// the track; <paramref name="IsPredicted"/> is true when no detection backs the box on this frame (the detector did not
/// run, or it missed the person) and the box is the motion model's estimate.
/// </summary>
public readonly record struct TrackedPerson(int TrackId, BoundingBox Box, float Score, bool IsPredicted);
