using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Tracking;

/// <summary>
/// SORT's data association: pairs detections with predicted track boxes to maximise total IoU, then drops pairs that
/// overlap less than the threshold. Buffers are reused between frames.
/// </summary>
internal sealed class IouAssociator
{
    private readonly HungarianSolver _solver = new();
    private double[] _iou = [];
    private double[] _negatedIou = [];
    private int[] _trackOfDetection = [];
    private int[] _pairsPerTrack = [];

    /// <summary>
    /// Writes, for each detection, the index of the track it is matched to, or -1.
    /// </summary>
    public void Associate(ReadOnlySpan<BoundingBox> detections, ReadOnlySpan<BoundingBox> predictions, float iouThreshold, Span<int> trackOfDetection)
    {
        int rows = detections.Length, columns = predictions.Length;
        trackOfDetection[..rows].Fill(-1);
        if (rows == 0 || columns == 0) return;
        EnsureCapacity(rows, columns);

        var iou = _iou.AsSpan(0, rows * columns);
        for (var d = 0; d < rows; d++)
        for (var t = 0; t < columns; t++)
            iou[d * columns + t] = BoundingBox.IoU(detections[d], predictions[t]);

        // Like the reference, when the pairs above the threshold are one-to-one they are the answer as they stand: the
        // assignment could otherwise trade one of them for two weak pairs that the threshold then drops.
        if (TakeUnambiguousPairs(iou, rows, columns, iouThreshold, trackOfDetection)) return;

        var costs = _negatedIou.AsSpan(0, rows * columns);
        for (var i = 0; i < costs.Length; i++) costs[i] = -iou[i];
        var assigned = _trackOfDetection.AsSpan(0, rows);
        _solver.Solve(costs, rows, columns, assigned);
        for (var d = 0; d < rows; d++)
        {
            var t = assigned[d];
            if (t >= 0 && iou[d * columns + t] >= iouThreshold) trackOfDetection[d] = t;
        }
    }

    private bool TakeUnambiguousPairs(ReadOnlySpan<double> iou, int rows, int columns, float iouThreshold, Span<int> trackOfDetection)
    {
        var pairsPerTrack = _pairsPerTrack.AsSpan(0, columns);
        pairsPerTrack.Clear();
        var found = 0;
        for (var d = 0; d < rows; d++)
        {
            var pairs = 0;
            for (var t = 0; t < columns; t++)
            {
                if (iou[d * columns + t] <= iouThreshold) continue;
                if (++pairs > 1 || ++pairsPerTrack[t] > 1)
                {
                    trackOfDetection[..rows].Fill(-1);
                    return false;
                }
                trackOfDetection[d] = t;
                found++;
            }
        }
        return found > 0;
    }

    private void EnsureCapacity(int rows, int columns)
    {
        if (_iou.Length < rows * columns)
        {
            var size = Math.Max(rows * columns, 2 * _iou.Length);
            _iou = new double[size];
            _negatedIou = new double[size];
        }
        if (_trackOfDetection.Length < rows) _trackOfDetection = new int[Math.Max(rows, 2 * _trackOfDetection.Length)];
        if (_pairsPerTrack.Length < columns) _pairsPerTrack = new int[Math.Max(columns, 2 * _pairsPerTrack.Length)];
    }
}
