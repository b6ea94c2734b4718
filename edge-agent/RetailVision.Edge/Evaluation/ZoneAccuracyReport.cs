namespace RetailVision.Edge.Evaluation;

/// <summary>
/// Zone and line results of a tracker compared with ground truth on the same layout. Dwell errors are over visits
/// matched one-to-one by maximum temporal overlap in the same zone; NaN when none matched.
/// </summary>
public sealed record ZoneAccuracyReport(IReadOnlyList<ZoneVisitAccuracy> Zones, IReadOnlyList<LineCountAccuracy> Lines, int MatchedVisits, double MedianAbsDwellErrorSeconds)
{
    public int TruthVisits => Zones.Sum(z => z.TruthVisits);
    public int OurVisits => Zones.Sum(z => z.OurVisits);
}

/// <summary>Visits counted in one zone, by the tracker (ours) and in the ground truth, and how many were matched.</summary>
public sealed record ZoneVisitAccuracy(string ZoneId, int TruthVisits, int OurVisits, int MatchedVisits, double MedianAbsDwellErrorSeconds);

/// <summary>Crossings of one line each way, ours and the ground truth's.</summary>
public sealed record LineCountAccuracy(string LineId, int TruthIn, int OurIn, int TruthOut, int OurOut)
{
    /// <summary>Our in-count as a percentage of the truth's; NaN when the truth has none.</summary>
    public double InPercentOfTruth => Percent(OurIn, TruthIn);

    public double OutPercentOfTruth => Percent(OurOut, TruthOut);

    /// <summary>Both directions together as a percentage of the truth's total.</summary>
    public double TotalPercentOfTruth => Percent(OurIn + OurOut, TruthIn + TruthOut);

    private static double Percent(int ours, int truth) => truth == 0 ? double.NaN : 100.0 * ours / truth;
}
