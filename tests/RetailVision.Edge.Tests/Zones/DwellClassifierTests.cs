using RetailVision.Contracts;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Tests.Zones;

public sealed class DwellClassifierTests
{
    private static readonly PointF[] Square = [new(0, 0), new(10, 0), new(10, 10), new(0, 10)];

    [Theory]
    [InlineData(0.0, DwellClass.PassBy)]
    [InlineData(1.999, DwellClass.PassBy)]
    [InlineData(2.0, DwellClass.Browse)]
    [InlineData(7.999, DwellClass.Browse)]
    [InlineData(8.0, DwellClass.Engaged)]
    [InlineData(600.0, DwellClass.Engaged)]
    public void Default_thresholds_are_2_and_8_seconds_with_the_bound_in_the_longer_class(double dwell, DwellClass expected)
    {
        var zone = new Zone("z", "Z", ZoneKind.Shelf, Square, 0, 0);
        Assert.Equal(expected, new DwellClassifier().Classify(zone, dwell));
    }

    [Fact]
    public void A_zone_s_own_thresholds_override_the_defaults()
    {
        var till = new Zone("till", "Till", ZoneKind.Display, Square, 0, 0) { Thresholds = new DwellThresholds(5, 30) };
        var classifier = new DwellClassifier();

        Assert.Equal(DwellClass.PassBy, classifier.Classify(till, 4));
        Assert.Equal(DwellClass.Browse, classifier.Classify(till, 10));
        Assert.Equal(DwellClass.Engaged, classifier.Classify(till, 30));
    }

    [Fact]
    public void Classifies_a_finished_visit_by_its_dwell_and_refuses_an_open_one()
    {
        var zone = new Zone("z", "Z", ZoneKind.Shelf, Square, 0, 0);
        var classifier = new DwellClassifier(new DwellThresholds(1, 3));

        Assert.Equal(DwellClass.Browse, classifier.Classify(zone, new ZoneTransition(ZoneTransitionKind.Exit, "z", 1, 10, 12)));
        Assert.Throws<ArgumentException>(() => classifier.Classify(zone, new ZoneTransition(ZoneTransitionKind.Enter, "z", 1, 10, null)));
    }

    [Fact]
    public void Thresholds_out_of_order_make_the_zone_invalid()
    {
        var zone = new Zone("z", "Z", ZoneKind.Shelf, Square, 0, 0) { Thresholds = new DwellThresholds(8, 2) };
        Assert.Contains("thresholds", zone.Validate());
    }
}
