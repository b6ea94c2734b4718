using RetailVision.Models.Quantization;

namespace RetailVision.Models.Tests;

/// <summary>Range choice from observed activations, and the affine parameters made from a range.</summary>
public sealed class ActivationHistogramTests
{
    private static ActivationHistogram Observed(float[] values)
    {
        var histogram = new ActivationHistogram();
        histogram.ObserveExtent(values);
        histogram.ObserveDistribution(values);
        return histogram;
    }

    // 100,000 values spread evenly over [-1, 1] and one outlier at 100.
    private static readonly float[] WithOutlier = Enumerable.Range(0, 100_000).Select(i => -1f + 2f * i / 99_999).Append(100f).ToArray();

    [Fact]
    public void MinMaxKeepsTheOutlier() =>
        Assert.Equal(new TensorRange(-1f, 100f), Observed(WithOutlier).Range(RangeMethod.MinMax, 100));

    [Fact]
    public void APercentileClipsTheOutlierToTheBulkAtBinResolution()
    {
        var range = Observed(WithOutlier).Range(RangeMethod.Percentile, 99.99);
        var binWidth = 101f / ActivationHistogram.BinCount;

        Assert.InRange(range.Min, -1f, -1f + binWidth);
        Assert.InRange(range.Max, 1f - binWidth, 1f + 2 * binWidth);
    }

    [Fact]
    public void MseClipsAnOutlierOnlyWhenClippingCostsLessThanTheLostResolution()
    {
        // One outlier at 30 among a million values: uint8 steps of 31/255 everywhere cost more than clipping it.
        var rare = Enumerable.Range(0, 1_000_000).Select(i => -1f + 2f * i / 999_999).Append(30f).ToArray();
        var range = Observed(rare).Range(RangeMethod.Mse, 0);
        // One outlier at 100 among 100,000 is too expensive to clip (squared error 99² against steps of 0.4).
        Assert.Equal(100f, Observed(WithOutlier).Range(RangeMethod.Mse, 0).Max);

        Assert.True(range.Max < 2f, $"max {range.Max}");
        Assert.True(range.Min <= -0.9f, $"min {range.Min}");
    }

    [Fact]
    public void ActivationParametersRepresentZeroExactlyAndCoverTheRange()
    {
        var p = QuantizationParameters.ForActivation(new TensorRange(-0.5f, 2f), ActivationType.UInt8);

        Assert.Equal(0f, p.Dequantize(p.Quantize(0f)));
        Assert.Equal((0, 255), (p.Quantize(-0.5f), p.Quantize(2f)));
        Assert.Equal(255, p.Quantize(50f));
        Assert.InRange(p.Dequantize(p.Quantize(1.234f)), 1.234f - p.Scale / 2, 1.234f + p.Scale / 2);
    }

    [Fact]
    public void WeightParametersAreSymmetricInt8()
    {
        var p = QuantizationParameters.ForWeights(0.254f);

        Assert.Equal((0, -127, 127), (p.ZeroPoint, p.Quantize(-0.254f), p.Quantize(0.254f)));
        Assert.Equal(0.002f, p.Scale, 6);
    }
}
