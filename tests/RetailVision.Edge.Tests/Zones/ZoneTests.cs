using RetailVision.Edge.Geometry;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Tests.Zones;

public sealed class ZoneTests
{
    private static Zone Make(PointF[] polygon, double minPresence = 2, double exitGrace = 1, string id = "z1") =>
        new(id, "Zone", ZoneKind.Shelf, polygon, minPresence, exitGrace);

    private static readonly PointF[] Triangle = [new(0, 0), new(10, 0), new(0, 10)];

    [Fact]
    public void Accepts_a_sound_zone() => Assert.Null(Make(Triangle).Validate());

    [Theory]
    [InlineData("two points", "at least 3 points")]
    [InlineData("collinear", "no area")]
    [InlineData("bow tie", "cross")]
    [InlineData("not finite", "not a finite number")]
    public void Explains_a_bad_polygon(string polygon, string problem)
    {
        PointF[] points = polygon switch
        {
            "two points" => [new(0, 0), new(1, 1)],
            "collinear" => [new(0, 0), new(1, 1), new(2, 2)],
            "bow tie" => [new(0, 0), new(10, 10), new(10, 0), new(0, 10)],
            _ => [new(0, 0), new(float.NaN, 1), new(2, 0)],
        };

        Assert.Contains(problem, Make(points).Validate());
    }

    [Fact]
    public void Explains_bad_times_and_a_missing_id()
    {
        Assert.Contains("MinPresenceSeconds", Make(Triangle, minPresence: -1).Validate());
        Assert.Contains("ExitGraceSeconds", Make(Triangle, exitGrace: double.PositiveInfinity).Validate());
        Assert.Contains("no id", Make(Triangle, id: " ").Validate());
    }
}
