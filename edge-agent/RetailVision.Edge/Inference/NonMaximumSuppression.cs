using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Inference;

/// <summary>Greedy non-maximum suppression over one class, in place and without allocation.</summary>
public static class NonMaximumSuppression
{
    /// <summary>
    /// Sorts <paramref name="candidates"/> by score (highest first), keeps each box that overlaps no kept box by more
    /// than <paramref name="iouThreshold"/>, and writes the kept ones to <paramref name="output"/> until it is full.
    /// The candidates are scratch: their order and scores are changed.
    /// </summary>
    public static int Run(Span<Detection> candidates, float iouThreshold, Span<Detection> output)
    {
        candidates.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        var kept = 0;
        for (var i = 0; i < candidates.Length && kept < output.Length; i++)
        {
            if (candidates[i].Score < 0) continue;
            var box = candidates[i].Box;
            output[kept++] = candidates[i];
            for (var j = i + 1; j < candidates.Length; j++)
                if (candidates[j].Score >= 0 && BoundingBox.IoU(box, candidates[j].Box) > iouThreshold)
                    candidates[j] = candidates[j] with { Score = -1 };
        }
        return kept;
    }
}
