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

    /// <summary>The sum of one or more rollups, labelled as the first; one histogram is built however many are summed.</summary>
    public static ZoneHourRollup Sum(IReadOnlyList<ZoneHourRollup> rollups)
    {
        var sum = rollups[0];
        long visits = 0, completed = 0, passBy = 0, browse = 0, engaged = 0, served = 0, abandoned = 0;
        var dwellSum = 0.0;
        foreach (var r in rollups)
        {
            visits += r.Visits;
            completed += r.CompletedVisits;
            dwellSum += r.DwellSumSeconds;
            passBy += r.PassBy;
            browse += r.Browse;
            engaged += r.Engaged;
            served += r.Served;
            abandoned += r.Abandoned;
        }
        return sum with
        {
            Visits = visits,
            CompletedVisits = completed,
            DwellSumSeconds = dwellSum,
            Dwell = DwellHistogram.Sum(rollups.Select(r => r.Dwell)),
            PassBy = passBy,
            Browse = browse,
            Engaged = engaged,
            Served = served,
            Abandoned = abandoned,
        };
    }

    public ZoneHourRollup Add(ZoneHourRollup other) => Sum([this, other]);
}
