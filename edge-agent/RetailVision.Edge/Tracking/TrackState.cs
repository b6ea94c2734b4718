namespace RetailVision.Edge.Tracking;

/// <summary>Where a <see cref="ByteTracker"/> track is in its life.</summary>
internal enum TrackState
{
    /// <summary>Started by a detection, not yet matched MinHits times; dropped at its first miss.</summary>
    Tentative,

    /// <summary>Reported, and matched on the latest detection run.</summary>
    Confirmed,

    /// <summary>Confirmed once but missed since; kept, unreported, for re-identification within the lost buffer.</summary>
    Lost,
}
