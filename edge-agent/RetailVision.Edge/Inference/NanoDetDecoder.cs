using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Inference;

/// <summary>
/// Reads NanoDet's GFL head outputs into person boxes. Per stride s the model gives class scores [N, classes]
/// (already sigmoided) and box logits [N, 4 × (regMax + 1)]: each side's bins are softmaxed and the expected bin
/// times s is the distance from the cell centre ((col + 0.5)·s, (row + 0.5)·s) to that side (left, top, right, bottom).
/// Pure and allocation-free: candidates go into caller-owned buffers.
/// </summary>
public sealed class NanoDetDecoder
{
    private readonly DetectorSettings _settings;
    private readonly int _bins;
    private readonly float[] _softmax;
    private Detection[] _candidates;
    private int _count;

    public NanoDetDecoder(DetectorSettings settings)
    {
        _settings = settings;
        _bins = settings.RegMax + 1;
        _softmax = new float[_bins];
        _candidates = new Detection[Math.Max(64, settings.MaxDetections * 4)];
    }

    /// <summary>Starts a new frame: forgets the previous frame's candidates.</summary>
    public void Reset() => _count = 0;

    /// <summary>Collects the person candidates of one stride's outputs (<see cref="DetectorSettings.Strides"/>[strideIndex]).</summary>
    public void AddStride(int strideIndex, ReadOnlySpan<float> scores, ReadOnlySpan<float> boxes, in LetterboxTransform transform)
    {
        var stride = _settings.Strides[strideIndex];
        var columns = _settings.InputWidth / stride;
        var cells = columns * (_settings.InputHeight / stride);
        var classes = _settings.ClassCount;
        var boxStride = 4 * _bins;
        if (scores.Length < cells * classes || boxes.Length < cells * boxStride)
            throw new InvalidOperationException($"stride {stride}: outputs hold {scores.Length}/{boxes.Length} values, expected {cells * classes}/{cells * boxStride}");
        for (var cell = 0; cell < cells; cell++)
        {
            var score = scores[cell * classes + _settings.PersonClass];
            if (score < _settings.ScoreThreshold) continue;
            var logits = boxes.Slice(cell * boxStride, boxStride);
            var cx = (cell % columns + 0.5f) * stride;
            var cy = (cell / columns + 0.5f) * stride;
            var left = cx - ExpectedDistance(logits[.._bins]) * stride;
            var top = cy - ExpectedDistance(logits.Slice(_bins, _bins)) * stride;
            var right = cx + ExpectedDistance(logits.Slice(2 * _bins, _bins)) * stride;
            var bottom = cy + ExpectedDistance(logits.Slice(3 * _bins, _bins)) * stride;
            if (_count == _candidates.Length) GrowCandidates();
            _candidates[_count++] = new Detection(transform.ToFrame(left, top, right, bottom), score);
        }
    }

    /// <summary>Suppresses overlapping candidates; returns how many detections were written to <paramref name="output"/>.</summary>
    public int Finish(Span<Detection> output) =>
        NonMaximumSuppression.Run(_candidates.AsSpan(0, _count), _settings.NmsIouThreshold, output);

    private float ExpectedDistance(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var v in logits) max = MathF.Max(max, v);
        var sum = 0f;
        for (var j = 0; j < logits.Length; j++)
        {
            _softmax[j] = MathF.Exp(logits[j] - max);
            sum += _softmax[j];
        }
        var expected = 0f;
        for (var j = 0; j < logits.Length; j++) expected += j * _softmax[j];
        return expected / sum;
    }

    // Only a crowd larger than any seen so far gets here; steady state never grows.
    private void GrowCandidates() => Array.Resize(ref _candidates, _candidates.Length * 2);
}
