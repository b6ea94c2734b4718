namespace RetailVision.Models.Quantization;

/// <summary>
/// The values one tensor took over all calibration frames, gathered in two passes: first the exact
/// minimum and maximum (<see cref="ObserveExtent"/>), then a fixed-width histogram between them
/// (<see cref="ObserveDistribution"/>), from which <see cref="Range"/> picks the quantisation range.
/// </summary>
public sealed class ActivationHistogram
{
    public const int BinCount = 4096;

    // The percentile pairs the MSE method chooses among; 100 is the plain min/max.
    private static readonly double[] MseCandidatePercentiles = [99.0, 99.5, 99.9, 99.95, 99.99, 99.995, 99.999, 100.0];

    private readonly long[] _bins = new long[BinCount];
    private float _min = float.PositiveInfinity;
    private float _max = float.NegativeInfinity;
    private long _total;

    public void ObserveExtent(ReadOnlySpan<float> values)
    {
        foreach (var value in values)
        {
            _min = MathF.Min(_min, value);
            _max = MathF.Max(_max, value);
        }
    }

    public void ObserveDistribution(ReadOnlySpan<float> values)
    {
        if (!(_max >= _min))
        {
            throw new InvalidOperationException("the extent pass must see values before the distribution pass");
        }

        var width = (_max - _min) / BinCount;
        var inverse = width > 0 ? 1f / width : 0f;
        foreach (var value in values)
        {
            var bin = (int)((value - _min) * inverse);
            _bins[Math.Clamp(bin, 0, BinCount - 1)]++;
        }

        _total += values.Length;
    }

    public TensorRange Range(RangeMethod method, double percentile) => method switch
    {
        RangeMethod.MinMax => new TensorRange(_min, _max),
        RangeMethod.Percentile => PercentileRange(percentile),
        RangeMethod.Mse => MseRange(),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>The range from the (100 − p)th to the pth percentile, at bin resolution.</summary>
    private TensorRange PercentileRange(double percentile)
    {
        if (percentile is <= 50 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "must be in (50, 100]");
        }

        if (_total == 0 || percentile == 100)
        {
            return new TensorRange(_min, _max);
        }

        var tail = (long)Math.Floor(_total * (100 - percentile) / 100);
        var width = (_max - _min) / BinCount;
        int low = 0, high = BinCount - 1;
        for (var below = 0L; low < BinCount - 1 && below + _bins[low] <= tail; low++)
        {
            below += _bins[low];
        }

        for (var above = 0L; high > 0 && above + _bins[high] <= tail; high--)
        {
            above += _bins[high];
        }

        return new TensorRange(_min + low * width, _min + (high + 1) * width);
    }

    private TensorRange MseRange()
    {
        var best = new TensorRange(_min, _max);
        var bestError = double.PositiveInfinity;
        foreach (var lowPercentile in MseCandidatePercentiles)
        {
            foreach (var highPercentile in MseCandidatePercentiles)
            {
                var range = new TensorRange(PercentileRange(lowPercentile).Min, PercentileRange(highPercentile).Max);
                var error = QuantisationError(range);
                if (error < bestError)
                {
                    (best, bestError) = (range, error);
                }
            }
        }

        return best;
    }

    /// <summary>Squared error of uint8 quantise-dequantise over the histogram, each bin taken at its centre.</summary>
    private double QuantisationError(TensorRange range)
    {
        var parameters = QuantizationParameters.ForActivation(range, ActivationType.UInt8);
        var width = (_max - _min) / BinCount;
        var error = 0.0;
        for (var bin = 0; bin < BinCount; bin++)
        {
            if (_bins[bin] == 0)
            {
                continue;
            }

            var value = _min + (bin + 0.5f) * width;
            var difference = value - parameters.Dequantize(parameters.Quantize(value));
            error += _bins[bin] * (double)difference * difference;
        }

        return error;
    }
}
