using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Evaluation;

/// <summary>
/// The identity measures' global pairing (Ristani et al. 2016; py-motmetrics' id_global_assignment): each person is
/// paired with at most one hypothesis id for the whole sequence so that the frames on which a pair overlaps, summed
/// over pairs, are as many as possible. py-motmetrics minimises IDFP + IDFN over an extended matrix; that minimum is
/// reached exactly by this maximum, since a pair's cost falls by two for every frame on which it overlaps.
/// </summary>
internal static class IdentityMatching
{
    /// <summary>IDTP: the overlapping frames of the best pairing, from a people × hypothesis-ids count matrix.</summary>
    public static int TruePositives(int[] overlapFrames, int people, int hypothesisIds)
    {
        if (people == 0 || hypothesisIds == 0) return 0;
        var costs = new double[people * hypothesisIds];
        for (var i = 0; i < costs.Length; i++) costs[i] = -overlapFrames[i];
        var columnOfRow = new int[people];
        return (int)-new HungarianSolver().Solve(costs, people, hypothesisIds, columnOfRow);
    }
}
