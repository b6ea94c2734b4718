using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Tests.Tracking;

public sealed class PersonTrackerFactoryTests
{
    [Fact]
    public void Builds_bytetrack_by_default_and_sort_for_sort_options()
    {
        Assert.IsType<ByteTracker>(PersonTrackerFactory.Create(TrackerOptions.Default));
        Assert.IsType<SortTracker>(PersonTrackerFactory.Create(TrackerOptions.Sort(25)));
    }

    [Fact]
    public void Rejects_an_unknown_mode()
    {
        Assert.Throws<ArgumentException>(() => PersonTrackerFactory.Create(TrackerOptions.Default with { Mode = (TrackerMode)7 }));
    }
}
