namespace RetailVision.Edge.Zones;

/// <summary>
/// A visit shorter than <paramref name="BrowseSeconds"/> is a pass-by, one shorter than <paramref name="EngagedSeconds"/>
/// browsing, anything longer engagement.
/// </summary>
public sealed record DwellThresholds(double BrowseSeconds, double EngagedSeconds)
{
    public static DwellThresholds Default { get; } = new(2, 8);
}
