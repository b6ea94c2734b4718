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
    double? MedianDwellSeconds);
