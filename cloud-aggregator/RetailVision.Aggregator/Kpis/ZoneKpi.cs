namespace RetailVision.Aggregator.Kpis;

/// <summary>
/// Visits of one zone of one camera in a time range. A visit counts once whether its enter, its exit or both arrived;
/// it is completed when its exit arrived, and only completed visits have a dwell. Dwell statistics are null when no
/// visit was completed.
/// </summary>
public sealed record ZoneKpi(
    string CameraId,
    string ZoneId,
    int Visits,
    int CompletedVisits,
    double? MeanDwellSeconds,
    double? MedianDwellSeconds)
{
    /// <summary>Completed visits classed pass-by, browse and engaged by the edge (older events carry no class).</summary>
    public int PassBy { get; init; }

    public int Browse { get; init; }

    public int Engaged { get; init; }

    /// <summary>Queue zones: visits that ended at the service point, and those that gave up.</summary>
    public int Served { get; init; }

    public int Abandoned { get; init; }
}
