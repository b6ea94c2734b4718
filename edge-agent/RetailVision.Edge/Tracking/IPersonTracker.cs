using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Tracking;

/// <summary>
/// Follows people across frames. The spans returned are views of the tracker's buffer, valid until its next call.
/// </summary>
public interface IPersonTracker
{
    /// <summary>Processes the detections of the frame taken at <paramref name="timestampSeconds"/> and returns the tracks reported on it.</summary>
    ReadOnlySpan<TrackedPerson> Update(ReadOnlySpan<Detection> detections, double timestampSeconds);

    /// <summary>For a frame on which the detector did not run: the tracks of the latest detection run, at their predicted boxes.</summary>
    ReadOnlySpan<TrackedPerson> Predict(double timestampSeconds);
}
