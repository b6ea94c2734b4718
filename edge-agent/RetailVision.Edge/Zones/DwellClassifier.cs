using RetailVision.Contracts;
namespace RetailVision.Edge.Zones;

/// <summary>Classifies visit dwells by the zone's own thresholds, falling back to shared defaults.</summary>
public sealed class DwellClassifier(DwellThresholds? defaults = null)
{
    private readonly DwellThresholds _defaults = defaults ?? DwellThresholds.Default;

    public DwellClass Classify(Zone zone, double dwellSeconds) => Classify(dwellSeconds, zone.Thresholds ?? _defaults);

    /// <summary>The class of a finished visit (an <see cref="ZoneTransitionKind.Exit"/> transition) in <paramref name="zone"/>.</summary>
    public DwellClass Classify(Zone zone, in ZoneTransition exit)
    {
        if (exit.ExitedAtSeconds is not { } exited) throw new ArgumentException("only a finished visit has a dwell", nameof(exit));
        return Classify(zone, exited - exit.EnteredAtSeconds);
    }

    public static DwellClass Classify(double dwellSeconds, DwellThresholds thresholds) =>
        dwellSeconds < thresholds.BrowseSeconds ? DwellClass.PassBy
        : dwellSeconds < thresholds.EngagedSeconds ? DwellClass.Browse
        : DwellClass.Engaged;
}
