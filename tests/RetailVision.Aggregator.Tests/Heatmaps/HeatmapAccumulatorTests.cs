using RetailVision.Aggregator.Heatmaps;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Heatmaps;

public sealed class HeatmapAccumulatorTests
{
    [Fact]
    public void Sums_cells_of_snapshots_with_the_same_grid()
    {
        var first = Heatmap("s1", "cam", 0, 2, 2, [1, 0, 2.5f, 0]);
        var second = Heatmap("s1", "cam", 60, 2, 2, [0.5f, 3, 0, 1]);

        var sum = HeatmapAccumulator.Sum([second, first]);

        Assert.Equal([1.5, 3, 2.5, 1], sum.CellSeconds);
        Assert.Equal(8, sum.TotalPersonSeconds);
        Assert.Equal((2, 2, 2, 0), (sum.Columns, sum.Rows, sum.Snapshots, sum.SkippedSnapshots));
        Assert.Equal(first.PeriodStart, sum.PeriodStart);
        Assert.Equal(second.PeriodEnd, sum.PeriodEnd);
    }

    [Fact]
    public void Uses_the_latest_grid_size_and_skips_snapshots_of_another_size()
    {
        var old = Heatmap("s1", "cam", 0, 2, 1, [5, 5], frameWidth: 640, frameHeight: 480);
        var latest = Heatmap("s1", "cam", 120, 3, 1, [1, 2, 3]);
        var earlier = Heatmap("s1", "cam", 60, 3, 1, [1, 1, 1]);

        var sum = HeatmapAccumulator.Sum([old, latest, earlier]);

        Assert.Equal([2, 3, 4], sum.CellSeconds);
        Assert.Equal((3, 1, 768, 576), (sum.Columns, sum.Rows, sum.FrameWidth, sum.FrameHeight));
        Assert.Equal((2, 1), (sum.Snapshots, sum.SkippedSnapshots));
        Assert.Equal(earlier.PeriodStart, sum.PeriodStart);
    }

    [Fact]
    public void Sums_each_camera_separately_in_camera_order()
    {
        var sums = HeatmapAccumulator.SumByCamera([
            Heatmap("s1", "north", 0, 1, 1, [2]),
            Heatmap("s1", "east", 0, 1, 1, [1]),
            Heatmap("s1", "north", 60, 1, 1, [3]),
        ]);

        Assert.Equal(["east", "north"], sums.Select(s => s.CameraId));
        Assert.Equal([1.0, 5.0], sums.Select(s => s.TotalPersonSeconds));
    }

    [Fact]
    public void Refuses_to_mix_cameras() =>
        Assert.Throws<ArgumentException>(() => HeatmapAccumulator.Sum([Heatmap("s1", "a", 0, 1, 1, [1]), Heatmap("s1", "b", 0, 1, 1, [1])]));
}
