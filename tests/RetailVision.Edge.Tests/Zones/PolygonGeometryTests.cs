using RetailVision.Edge.Geometry;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Tests.Zones;

public sealed class PolygonGeometryTests
{
    private static readonly PointF[] Square = [new(0, 0), new(10, 0), new(10, 10), new(0, 10)];
    private static readonly PointF[] RightOfSquare = [new(10, 0), new(20, 0), new(20, 10), new(10, 10)];

    // An L: the notch (5..10, 5..10) is outside.
    private static readonly PointF[] LShape = [new(0, 0), new(10, 0), new(10, 5), new(5, 5), new(5, 10), new(0, 10)];

    [Theory]
    [InlineData(5, 5, true)]
    [InlineData(-1, 5, false)]
    [InlineData(11, 5, false)]
    [InlineData(5, -0.001, false)]
    [InlineData(0, 5, true)]   // left edge: inside
    [InlineData(5, 0, true)]   // top edge: inside
    [InlineData(10, 5, false)] // right edge: outside
    [InlineData(5, 10, false)] // bottom edge: outside
    [InlineData(0, 0, true)]   // top-left corner
    [InlineData(10, 10, false)]
    public void Decides_the_square_including_its_border(float x, float y, bool inside) =>
        Assert.Equal(inside, PolygonGeometry.Contains(Square, new PointF(x, y)));

    [Theory]
    [InlineData(2, 8, true)]
    [InlineData(8, 2, true)]
    [InlineData(8, 8, false)]    // in the notch
    [InlineData(4.99, 7, true)]
    [InlineData(5, 7, false)]    // the L's right border beside the notch
    [InlineData(7, 5, false)]    // the L's bottom border above the notch
    public void Handles_a_concave_polygon(float x, float y, bool inside) =>
        Assert.Equal(inside, PolygonGeometry.Contains(LShape, new PointF(x, y)));

    [Theory]
    [InlineData(10, 5)]
    [InlineData(10, 0)]
    [InlineData(10, 9.999)]
    public void A_point_on_a_shared_edge_belongs_to_exactly_one_of_two_neighbours(float x, float y)
    {
        var p = new PointF(x, y);
        Assert.True(PolygonGeometry.Contains(Square, p) ^ PolygonGeometry.Contains(RightOfSquare, p));
    }

    [Fact]
    public void Measures_area_and_finds_crossed_edges()
    {
        Assert.Equal(100, PolygonGeometry.Area(Square));
        Assert.Equal(75, PolygonGeometry.Area(LShape));
        Assert.False(PolygonGeometry.IsSelfIntersecting(LShape));
        Assert.True(PolygonGeometry.IsSelfIntersecting([new(0, 0), new(10, 10), new(10, 0), new(0, 10)]));
    }
}
