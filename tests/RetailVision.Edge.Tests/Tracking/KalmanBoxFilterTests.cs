using RetailVision.Edge.Geometry;
using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Tests.Tracking;

public sealed class KalmanBoxFilterTests
{
    [Fact]
    public void Starts_at_the_box_it_is_given()
    {
        var box = new BoundingBox(10, 20, 30, 60);

        var filter = new KalmanBoxFilter(box);

        AssertClose(box, filter.Box, 1e-3f);
    }

    [Fact]
    public void Learns_a_constant_velocity_and_extrapolates_it_over_fractional_steps()
    {
        // 4 px per step to the right, 2 down, size constant.
        var filter = new KalmanBoxFilter(new BoundingBox(0, 0, 40, 100));
        for (var step = 1; step <= 30; step++)
        {
            filter.Predict(1);
            filter.Update(new BoundingBox(4 * step, 2 * step, 40, 100));
        }

        filter.Predict(2.5);

        AssertClose(new BoundingBox(4 * 32.5f, 2 * 32.5f, 40, 100), filter.Box, 0.5f);
    }

    [Fact]
    public void Does_not_move_over_zero_steps()
    {
        var filter = new KalmanBoxFilter(new BoundingBox(5, 5, 20, 40));
        filter.Predict(1);
        filter.Update(new BoundingBox(9, 5, 20, 40));
        var before = filter.Box;

        filter.Predict(0);

        Assert.Equal(before, filter.Box);
    }

    private static void AssertClose(BoundingBox expected, BoundingBox actual, float tolerance)
    {
        Assert.Equal(expected.X, actual.X, tolerance);
        Assert.Equal(expected.Y, actual.Y, tolerance);
        Assert.Equal(expected.Width, actual.Width, tolerance);
        Assert.Equal(expected.Height, actual.Height, tolerance);
    }
}
