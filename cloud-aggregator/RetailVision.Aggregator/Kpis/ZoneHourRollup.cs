namespace RetailVision.Aggregator.Kpis;

/// <summary>
/// One zone of one camera over one UTC hour, by visit entry time: what its KPIs are summed from. Kept at ingest, in
/// the transaction that stores the events, so redeliveries and replays leave it exact.
/// </summary>
public sealed record ZoneHourRollup(
    string StoreId,
    string CameraId,
    string ZoneId,
    DateTimeOffset Hour,
    long Visits,
    long CompletedVisits,
    double DwellSumSeconds,
    DwellHistogram Dwell,
    long PassBy,
    long Browse,
    long Engaged,
    long Served,
    long Abandoned)
{
    public static ZoneHourRollup Empty(string storeId, string cameraId, string zoneId, DateTimeOffset hour) =>
        new(storeId, cameraId, zoneId, hour, 0, 0, 0, DwellHistogram.Empty, 0, 0, 0, 0, 0);

    public ZoneHourRollup Add(ZoneHourRollup other) => this with
    {
        Visits = Visits + other.Visits,
        CompletedVisits = CompletedVisits + other.CompletedVisits,
        DwellSumSeconds = DwellSumSeconds + other.DwellSumSeconds,
        Dwell = Dwell.Add(other.Dwell),
        PassBy = PassBy + other.PassBy,
        Browse = Browse + other.Browse,
        Engaged = Engaged + other.Engaged,
        Served = Served + other.Served,
        Abandoned = Abandoned + other.Abandoned,
    };
}
