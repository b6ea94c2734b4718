using RetailVision.Edge.Geometry;
using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Evaluation;

/// <summary>
/// Scores tracker output against ground truth exactly as py-motmetrics does (compare_to_groundtruth with IoU ≥ 0.5,
/// then its MOTChallenge metrics), so numbers here can be compared with published ones.
/// </summary>
public static class MotEvaluator
{
    /// <summary>Pairs further apart than this (1 − IoU) never match: IoU must be at least 0.5.</summary>
    public const double MaxDistance = 0.5;

    /// <summary>Evaluates the frames both inputs hold, optionally limited to [firstFrame, lastFrame].</summary>
    public static MotMetrics Evaluate(IReadOnlyList<MotRow> groundTruthRows, IReadOnlyList<MotRow> hypothesisRows, int? firstFrame = null, int? lastFrame = null)
    {
        var from = firstFrame ?? int.MinValue;
        var to = lastFrame ?? int.MaxValue;
        var truth = InFrameOrder(groundTruthRows, from, to);
        var hypotheses = InFrameOrder(hypothesisRows, from, to);
        var truthIds = DenseIds(truth);
        var hypothesisIds = DenseIds(hypotheses);
        int people = truthIds.Count, tracks = hypothesisIds.Count;

        var lastHypothesis = new int[people];            // py-motmetrics' m: last hypothesis matched, -1 for none
        var lastMatchedFrame = new int[people];
        var framesPresent = new int[people];
        var framesMatched = new int[people];
        var wasMatched = new bool[people];
        var interrupted = new bool[people];              // missed since last matched: a fragment if matched again
        var overlapFrames = new int[people * tracks];    // frames each (person, track) pair was within MaxDistance
        Array.Fill(lastHypothesis, -1);
        Array.Fill(lastMatchedFrame, int.MinValue);

        var solver = new HungarianSolver();
        int falsePositives = 0, misses = 0, switches = 0, matches = 0, fragmentations = 0, frames = 0, groundTruthBoxes = 0;
        double distanceSum = 0;
        var previousFrame = int.MinValue;
        int t = 0, h = 0;
        while (t < truth.Length || h < hypotheses.Length)
        {
            var frame = Math.Min(t < truth.Length ? truth[t].Frame : int.MaxValue, h < hypotheses.Length ? hypotheses[h].Frame : int.MaxValue);
            var tEnd = t;
            while (tEnd < truth.Length && truth[tEnd].Frame == frame) tEnd++;
            var hEnd = h;
            while (hEnd < hypotheses.Length && hypotheses[hEnd].Frame == frame) hEnd++;
            int no = tEnd - t, nh = hEnd - h;
            frames++;
            groundTruthBoxes += no;

            var o = new int[no];
            var hy = new int[nh];
            for (var i = 0; i < no; i++) o[i] = truthIds[truth[t + i].Id];
            for (var j = 0; j < nh; j++) hy[j] = hypothesisIds[hypotheses[h + j].Id];
            var distance = new double[no * nh];
            for (var i = 0; i < no; i++)
            for (var j = 0; j < nh; j++)
            {
                var d = 1 - IoU(truth[t + i].Box, hypotheses[h + j].Box);
                distance[i * nh + j] = d <= MaxDistance ? d : double.NaN;
                if (d <= MaxDistance) overlapFrames[o[i] * tracks + hy[j]]++;
            }

            var truthMatched = new bool[no];
            var hypothesisMatched = new bool[nh];
            void Match(int i, int j, bool isSwitch)
            {
                truthMatched[i] = hypothesisMatched[j] = true;
                var person = o[i];
                if (isSwitch) switches++;
                else matches++;
                distanceSum += distance[i * nh + j];
                lastHypothesis[person] = hy[j];
                lastMatchedFrame[person] = frame;
            }

            // 1. Pairs matched on the previous frame stay matched while they are still within reach.
            for (var i = 0; i < no; i++)
            {
                var person = o[i];
                if (lastHypothesis[person] < 0 || lastMatchedFrame[person] != previousFrame) continue;
                for (var j = 0; j < nh; j++)
                {
                    if (hypothesisMatched[j] || hy[j] != lastHypothesis[person]) continue;
                    if (!double.IsNaN(distance[i * nh + j])) Match(i, j, isSwitch: false);
                    break;
                }
            }

            // 2. The rest: most pairs first, then least total distance; a new partner for someone matched before is a switch.
            if (no > 0 && nh > 0)
            {
                var columnOfRow = new int[no];
                if (SolveRemaining(solver, distance, no, nh, truthMatched, hypothesisMatched, columnOfRow))
                    for (var i = 0; i < no; i++)
                    {
                        var j = columnOfRow[i];
                        if (j < 0 || truthMatched[i] || hypothesisMatched[j] || double.IsNaN(distance[i * nh + j])) continue;
                        Match(i, j, isSwitch: lastHypothesis[o[i]] >= 0 && lastHypothesis[o[i]] != hy[j]);
                    }
            }

            for (var i = 0; i < no; i++)
            {
                var person = o[i];
                framesPresent[person]++;
                if (truthMatched[i])
                {
                    framesMatched[person]++;
                    if (interrupted[person]) fragmentations++;
                    interrupted[person] = false;
                    wasMatched[person] = true;
                }
                else
                {
                    misses++;
                    if (wasMatched[person]) interrupted[person] = true;
                }
            }
            for (var j = 0; j < nh; j++)
                if (!hypothesisMatched[j]) falsePositives++;

            previousFrame = frame;
            t = tEnd;
            h = hEnd;
        }

        int mostlyTracked = 0, partiallyTracked = 0, mostlyLost = 0;
        for (var p = 0; p < people; p++)
        {
            var ratio = (double)framesMatched[p] / framesPresent[p];
            if (ratio >= 0.8) mostlyTracked++;
            else if (ratio >= 0.2) partiallyTracked++;
            else mostlyLost++;
        }

        var matched = matches + switches;
        var hypothesisBoxes = hypotheses.Length;
        var identityTruePositives = IdentityMatching.TruePositives(overlapFrames, people, tracks);
        return new MotMetrics(
            Mota: 1 - (double)(misses + switches + falsePositives) / groundTruthBoxes,
            Motp: distanceSum / matched,
            FalsePositives: falsePositives,
            FalseNegatives: misses,
            IdSwitches: switches,
            Fragmentations: fragmentations,
            MostlyTracked: mostlyTracked,
            PartiallyTracked: partiallyTracked,
            MostlyLost: mostlyLost,
            GroundTruthIds: people,
            GroundTruthBoxes: groundTruthBoxes,
            Idf1: 2.0 * identityTruePositives / (groundTruthBoxes + hypothesisBoxes),
            IdPrecision: (double)identityTruePositives / hypothesisBoxes,
            IdRecall: (double)identityTruePositives / groundTruthBoxes,
            Recall: (double)matched / groundTruthBoxes,
            Precision: (double)matched / (matched + falsePositives),
            Matches: matches,
            Frames: frames);
    }

    /// <summary>
    /// Assignment over the pairs still open, the others priced so high (as py-motmetrics prices missing edges) that
    /// one more real pair always beats any saving in distance. False when no open pair is within reach.
    /// </summary>
    private static bool SolveRemaining(HungarianSolver solver, double[] distance, int no, int nh, bool[] truthMatched, bool[] hypothesisMatched, int[] columnOfRow)
    {
        var largest = double.NegativeInfinity;
        for (var i = 0; i < no; i++)
        for (var j = 0; j < nh; j++)
            if (!truthMatched[i] && !hypothesisMatched[j] && !double.IsNaN(distance[i * nh + j]))
                largest = Math.Max(largest, Math.Abs(distance[i * nh + j]));
        if (double.IsNegativeInfinity(largest)) return false;

        var unreachable = 2 * Math.Min(no, nh) * (largest + 1) + 1;
        var costs = new double[no * nh];
        for (var i = 0; i < no; i++)
        for (var j = 0; j < nh; j++)
        {
            var d = distance[i * nh + j];
            costs[i * nh + j] = truthMatched[i] || hypothesisMatched[j] || double.IsNaN(d) ? unreachable : d;
        }
        solver.Solve(costs, no, nh, columnOfRow);
        return true;
    }

    /// <summary>IoU in double precision, as py-motmetrics computes it (no +1 pixel convention).</summary>
    private static double IoU(in BoundingBox a, in BoundingBox b)
    {
        var w = Math.Min((double)a.X + a.Width, (double)b.X + b.Width) - Math.Max(a.X, b.X);
        var h = Math.Min((double)a.Y + a.Height, (double)b.Y + b.Height) - Math.Max(a.Y, b.Y);
        var intersection = Math.Max(0, w) * Math.Max(0, h);
        var union = (double)a.Width * a.Height + (double)b.Width * b.Height - intersection;
        return union > 0 ? intersection / union : 0;
    }

    private static MotRow[] InFrameOrder(IReadOnlyList<MotRow> rows, int firstFrame, int lastFrame)
    {
        var kept = new List<MotRow>(rows.Count);
        foreach (var row in rows)
            if (row.Frame >= firstFrame && row.Frame <= lastFrame) kept.Add(row);
        // Stable, so rows keep their file order within a frame: that order decides ties, as in py-motmetrics.
        return [.. kept.OrderBy(r => r.Frame)];
    }

    private static Dictionary<int, int> DenseIds(MotRow[] rows)
    {
        var ids = new Dictionary<int, int>();
        foreach (var row in rows) ids.TryAdd(row.Id, ids.Count);
        return ids;
    }
}
