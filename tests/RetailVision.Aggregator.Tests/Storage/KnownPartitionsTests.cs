using RetailVision.Aggregator.Storage.Postgres;

namespace RetailVision.Aggregator.Tests.Storage;

public sealed class KnownPartitionsTests
{
    [Fact]
    public void Remembers_created_partitions_until_they_are_dropped()
    {
        var known = new KnownPartitions();

        known.Created(["events_20261123", "heatmaps_20261123"], known.Generation);
        known.Dropped(["events_20261123"]);

        Assert.False(known.Contains("events_20261123"));
        Assert.True(known.Contains("heatmaps_20261123"));
    }

    [Fact]
    public void A_creation_that_committed_before_a_drop_but_reports_after_it_is_not_remembered()
    {
        var known = new KnownPartitions();
        var before = known.Generation;

        // The writer's transaction created the partition and committed; retention dropped it before the writer said so.
        known.Dropped(["events_20261123"]);
        known.Created(["events_20261123"], before);

        Assert.False(known.Contains("events_20261123"));
        known.Created(["events_20261123"], known.Generation);
        Assert.True(known.Contains("events_20261123"));
    }
}
