namespace RetailVision.Edge.Tracking;

/// <summary>Which tracking algorithm <see cref="PersonTrackerFactory"/> builds.</summary>
public enum TrackerMode
{
    /// <summary><see cref="ByteTracker"/>: two-stage association that also uses low-score detections; the product default.</summary>
    ByteTrack,

    /// <summary><see cref="SortTracker"/>: SORT, kept for reference runs.</summary>
    Sort,
}
