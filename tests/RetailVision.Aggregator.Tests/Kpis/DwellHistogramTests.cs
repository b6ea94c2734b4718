using RetailVision.Aggregator.Kpis;

namespace RetailVision.Aggregator.Tests.Kpis;

public sealed class DwellHistogramTests
{
    [Theory]
    [InlineData(new double[] { }, null)]
    [InlineData(new double[] { 7 }, 7.0)]
    [InlineData(new double[] { 9, 1, 5 }, 5.0)]
    [InlineData(new double[] { 4, 1, 3, 10 }, 3.5)]
    [InlineData(new double[] { 0, 0.1, 599.9 }, 0.1)]
    public void The_median_is_the_middle_value_or_the_mean_of_the_two_middle_values_within_a_quarter_second(double[] values, double? expected)
    {
        var histogram = values.Aggregate(DwellHistogram.Empty, (h, v) => h.Add(v));

        var median = histogram.Quantile(0.5);

        if (expected is null) Assert.Null(median);
        else Assert.InRange(median!.Value, expected.Value - 0.25, expected.Value + 0.25);
    }

    [Fact]
    public void Quantiles_of_real_looking_dwells_stay_within_half_a_second_below_ten_minutes()
    {
        var random = new Random(42);
        var dwells = Enumerable.Range(0, 5_000).Select(_ => Math.Round(-Math.Log(1 - random.NextDouble()) * 40, 3)).Where(d => d < 600).ToArray();
        var histogram = dwells.Aggregate(DwellHistogram.Empty, (h, v) => h.Add(v));
        var sorted = dwells.Order().ToArray();

        foreach (var q in new[] { 0.1, 0.5, 0.9 })
        {
            var position = q * (sorted.Length - 1);
            var exact = (sorted[(int)Math.Floor(position)] + sorted[(int)Math.Ceiling(position)]) / 2;
            Assert.InRange(histogram.Quantile(q)!.Value, exact - 0.5, exact + 0.5);
        }
    }

    [Fact]
    public void Merging_histograms_is_adding_their_counts_and_long_dwells_fall_in_coarser_bins()
    {
        var a = DwellHistogram.Empty.Add(1).Add(1.2);
        var b = DwellHistogram.Empty.Add(1.3).Add(4000).Add(100_000);

        var merged = a.Add(b);

        Assert.Equal(5, merged.Total);
        Assert.Equal(3, merged.Counts[DwellHistogram.BinOf(1)]);
        Assert.Equal(4005, DwellHistogram.MidpointOf(DwellHistogram.BinOf(4000)));
        Assert.Equal(DwellHistogram.CoarseLimit, DwellHistogram.MidpointOf(DwellHistogram.BinOf(100_000)));
        Assert.Equal(2, a.Total);
    }
}
