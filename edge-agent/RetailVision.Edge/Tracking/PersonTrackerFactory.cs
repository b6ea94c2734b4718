namespace RetailVision.Edge.Tracking;

/// <summary>Builds the tracker that <see cref="TrackerOptions.Mode"/> names.</summary>
public static class PersonTrackerFactory
{
    public static IPersonTracker Create(TrackerOptions options) => options.Mode switch
    {
        TrackerMode.ByteTrack => new ByteTracker(options),
        TrackerMode.Sort => new SortTracker(options),
        _ => throw new ArgumentException($"tracker mode {options.Mode} is not ByteTrack or Sort", nameof(options)),
    };
}
