using RetailVision.Aggregator.Heatmaps;

namespace RetailVision.Aggregator.Tests.Heatmaps;

public sealed class HeatmapIntensityTests
{
    [Fact]
    public void The_scale_tops_out_at_the_99th_percentile_of_occupied_cells()
    {
        double[] cells = [0, 0, .. Enumerable.Range(1, 100).Select(i => (double)i)];

        Assert.Equal(99, HeatmapIntensity.PositivePercentile(cells, 0.99));
        Assert.Equal(0, HeatmapIntensity.PositivePercentile([0, 0], 0.99));
    }

    [Fact]
    public void Maps_the_square_root_of_the_scaled_value_to_bytes_clipping_above_the_scale() =>
        Assert.Equal([0, 128, 255, 255], HeatmapIntensity.ToBytes([0, 25, 100, 1000], 100));

    [Fact]
    public void An_empty_heatmap_is_all_zero() =>
        Assert.Equal([0, 0], HeatmapIntensity.ToBytes([0, 0], 0));
}
