using RetailVision.Aggregator.Storage;

namespace RetailVision.Aggregator.Tests.Storage;

public sealed class RawRetentionPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 13, 30, 0, TimeSpan.Zero);

    private static readonly RawRetentionPolicy Policy = new(90, new Dictionary<string, int> { ["flagship"] = 365, ["pilot"] = 7, ["archive"] = 0 });

    [Theory]
    [InlineData("any-store", "2026-09-05")]
    [InlineData("flagship", "2025-12-04")]
    [InlineData("pilot", "2026-11-27")]
    public void A_stores_cutoff_is_the_start_of_its_oldest_whole_utc_day(string store, string day) =>
        Assert.Equal(DateTimeOffset.Parse(day + "T00:00:00Z"), Policy.CutoffFor(store, Now));

    [Fact]
    public void Zero_days_keeps_everything() => Assert.Null(Policy.CutoffFor("archive", Now));

    [Fact]
    public void Whole_partitions_go_only_before_the_longest_retention_and_never_while_a_store_keeps_everything()
    {
        Assert.Null(Policy.At(Now).Everyone);
        var bounded = Policy with { StoreDays = new Dictionary<string, int> { ["flagship"] = 365, ["pilot"] = 7 } };
        Assert.Equal(DateTimeOffset.Parse("2025-12-04T00:00:00Z"), bounded.At(Now).Everyone);
        Assert.Null((Policy with { DefaultDays = 0, StoreDays = new Dictionary<string, int> { ["pilot"] = 7 } }).At(Now).Everyone);
    }

    [Fact]
    public void Overridden_stores_are_left_out_of_the_default_pass()
    {
        var cutoffs = Policy.At(Now);
        Assert.Equal(["archive", "flagship", "pilot"], cutoffs.Overridden.Order(StringComparer.Ordinal));
        Assert.Equal(DateTimeOffset.Parse("2026-09-05T00:00:00Z"), cutoffs.For("elsewhere"));
    }
}
