namespace RetailVision.Contracts;

/// <summary>
/// One decision point of one tracked person at one zone or counting line, as the edge publishes it and the cloud
/// stores it. All times come from frame timestamps, never from processing time. A line crossing names its line in
/// ZoneId (lines and zones share the store's id space) and happens at one instant: EnteredAt = Timestamp.
/// </summary>
/// <param name="Version">Contract version (<see cref="ContractVersion.Current"/>).</param>
/// <param name="EventId">Assigned once when the event is created, so a redelivery or replay is recognisable.</param>
/// <param name="Kind">Enter or exit.</param>
/// <param name="StoreId">Store the camera belongs to.</param>
/// <param name="CameraId">Camera that saw it.</param>
/// <param name="ZoneId">Zone, unique within the store.</param>
/// <param name="TrackId">Tracker identity of the person on that camera.</param>
/// <param name="Timestamp">When the decision was made: the enter time for an enter, the exit time for an exit.</param>
/// <param name="EnteredAt">When the person entered the zone.</param>
/// <param name="ExitedAt">When the person left the zone; null on an enter.</param>
/// <param name="DwellSeconds">ExitedAt − EnteredAt in seconds; null on an enter.</param>
public sealed record DecisionPointEvent(
    int Version,
    Guid EventId,
    DecisionPointKind Kind,
    string StoreId,
    string CameraId,
    string ZoneId,
    long TrackId,
    DateTimeOffset Timestamp,
    DateTimeOffset EnteredAt,
    DateTimeOffset? ExitedAt,
    double? DwellSeconds)
{
    /// <summary>The visit's class by the zone's dwell thresholds; set on zone_exit, null on zone_enter.</summary>
    public DwellClass? DwellClass { get; init; }

    /// <summary>The direction of a line_cross; null on every other kind.</summary>
    public LineDirection? Direction { get; init; }

    /// <summary>On the zone_exit of a queue zone: true when the person left toward the service point, false when they gave up.</summary>
    public bool? Served { get; init; }
}
