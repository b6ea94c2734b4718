using RetailVision.Edge.Tracking;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Evaluation;

/// <summary>
/// Compares the zone logic's results on a tracker's output with its results on ground truth. Both sides run the same
/// layout over the same frames at the same fps. In each zone, our visits are matched one-to-one to truth visits by
/// maximum temporal overlap (Hungarian on −overlap); pairs that do not overlap are not matches.
/// </summary>
public static class ZoneAccuracyEvaluator
{
    public static ZoneAccuracyReport Evaluate(ZoneLayout layout, IReadOnlyList<MotRow> truth, IReadOnlyList<MotRow> ours, double fps)
    {
        var lastFrame = Math.Max(truth.Count == 0 ? 1 : truth.Max(r => r.Frame), ours.Count == 0 ? 1 : ours.Max(r => r.Frame));
        var truthResult = ZoneAccuracyReplay.Run(layout, truth, fps, lastFrame);
        var ourResult = ZoneAccuracyReplay.Run(layout, ours, fps, lastFrame);

        var solver = new HungarianSolver();
        var allErrors = new List<double>();
        var zones = new List<ZoneVisitAccuracy>();
        foreach (var zone in layout.Zones)
        {
            var truthVisits = truthResult.Visits.Where(v => v.ZoneId == zone.Id).ToArray();
            var ourVisits = ourResult.Visits.Where(v => v.ZoneId == zone.Id).ToArray();
            var errors = MatchedDwellErrors(solver, truthVisits, ourVisits);
            allErrors.AddRange(errors);
            zones.Add(new ZoneVisitAccuracy(zone.Id, truthVisits.Length, ourVisits.Length, errors.Count, Median(errors)));
        }
        var lines = layout.Lines.Select((line, l) =>
            new LineCountAccuracy(line.Id, truthResult.LineIn[l], ourResult.LineIn[l], truthResult.LineOut[l], ourResult.LineOut[l])).ToArray();
        return new ZoneAccuracyReport(zones, lines, allErrors.Count, Median(allErrors));
    }

    /// <summary>|our dwell − truth dwell| for each pair of the maximum-overlap one-to-one matching.</summary>
    private static List<double> MatchedDwellErrors(HungarianSolver solver, ZoneTransition[] truth, ZoneTransition[] ours)
    {
        var errors = new List<double>();
        if (truth.Length == 0 || ours.Length == 0) return errors;
        var costs = new double[truth.Length * ours.Length];
        for (var i = 0; i < truth.Length; i++)
        for (var j = 0; j < ours.Length; j++)
            costs[i * ours.Length + j] = -Overlap(truth[i], ours[j]);
        var columnOfRow = new int[truth.Length];
        solver.Solve(costs, truth.Length, ours.Length, columnOfRow);
        for (var i = 0; i < truth.Length; i++)
        {
            var j = columnOfRow[i];
            if (j < 0 || Overlap(truth[i], ours[j]) <= 0) continue;
            errors.Add(Math.Abs(Dwell(ours[j]) - Dwell(truth[i])));
        }
        return errors;
    }

    private static double Overlap(in ZoneTransition a, in ZoneTransition b) =>
        Math.Max(0, Math.Min(a.ExitedAtSeconds!.Value, b.ExitedAtSeconds!.Value) - Math.Max(a.EnteredAtSeconds, b.EnteredAtSeconds));

    private static double Dwell(in ZoneTransition visit) => visit.ExitedAtSeconds!.Value - visit.EnteredAtSeconds;

    private static double Median(List<double> values)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
