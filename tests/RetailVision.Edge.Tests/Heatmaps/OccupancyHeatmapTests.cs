using RetailVision.Edge.Geometry;
using RetailVision.Edge.Heatmaps;
using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Tests.Heatmaps;

public sealed class OccupancyHeatmapTests
{
    // 640×480 in a 4×3 grid: cells of 160×160 pixels.
    private static OccupancyHeatmap Make() => new(640, 480, 4, 3);

    /// <summary>A person whose feet are at (x, y).</summary>
    private static TrackedPerson At(float x, float y, int id = 1) => new(id, new BoundingBox(x - 10, y - 50, 20, 50), 0.9f, false);

    [Fact]
    public void Adds_the_frame_time_of_each_person_to_the_cell_under_their_feet()
    {
        var heatmap = Make();

        for (var frame = 0; frame < 8; frame++) heatmap.Accumulate([At(10, 10), At(170, 10, 2), At(175, 20, 3)], 0.25);

        var expected = new float[12];
        expected[0] = 2;
        expected[1] = 4; // two people in the second cell
        Assert.Equal(expected, heatmap.Cells.ToArray());
        Assert.Equal(6, heatmap.TotalPersonSeconds);
    }

    [Theory]
    [InlineData(-50, 1000, 8)]  // off the bottom-left: bottom-left cell
    [InlineData(700, -10, 3)]   // off the top-right: top-right cell
    [InlineData(640, 480, 11)]  // the far corner itself
    [InlineData(639.9, 159.9, 3)]
    [InlineData(160, 160, 5)]
    public void Counts_feet_outside_the_image_in_the_nearest_edge_cell(float x, float y, int cell)
    {
        var heatmap = Make();

        heatmap.Accumulate([At(x, y)], 1);

        Assert.Equal(1, heatmap.Cells[cell]);
    }

    [Fact]
    public void Person_seconds_do_not_depend_on_the_frame_rate()
    {
        // Ten seconds: one person standing in cell 0, another walking right across row 1 at 60 px/s.
        float[] Run(int fps)
        {
            var heatmap = Make();
            for (var frame = 0; frame < 10 * fps; frame++)
            {
                var t = (double)frame / fps;
                heatmap.Accumulate([At(80, 80), At((float)(20 + 60 * t), 240, 2)], 1.0 / fps);
            }
            Assert.Equal(20, heatmap.TotalPersonSeconds, 1e-9);
            return heatmap.Cells.ToArray();
        }

        float[] atFive = Run(5), atThirty = Run(30);

        Assert.Equal(10, atFive[0], 1e-5f);
        Assert.Equal(10, atThirty[0], 1e-5f);
        // The walker's time per cell can shift by at most one frame interval at each cell boundary.
        for (var cell = 0; cell < 12; cell++) Assert.Equal(atFive[cell], atThirty[cell], 0.2f + 1e-4f);
    }

    [Fact]
    public void Copies_adds_and_resets()
    {
        var period = Make();
        var total = Make();
        period.Accumulate([At(10, 10)], 1.5);
        total.Add(period.Cells);
        total.Add(period.Cells);
        var copy = new float[12];
        total.CopyTo(copy);

        period.Reset();

        Assert.Equal(3, copy[0]);
        Assert.Equal(3, total.TotalPersonSeconds);
        Assert.Equal(new float[12], period.Cells.ToArray());
        Assert.Equal(0, period.TotalPersonSeconds);
        Assert.Throws<ArgumentException>(() => total.Add(new float[11]));
    }

    [Fact]
    public void Does_not_allocate_per_frame()
    {
        var heatmap = Make();
        var people = new[] { At(10, 10), At(300, 200, 2), At(-5, 900, 3) };
        heatmap.Accumulate(people, 0.04);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var frame = 0; frame < 10_000; frame++) heatmap.Accumulate(people, 0.04);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
