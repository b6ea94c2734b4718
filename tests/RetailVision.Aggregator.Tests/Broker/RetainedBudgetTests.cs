using RetailVision.Aggregator.Broker;

namespace RetailVision.Aggregator.Tests.Broker;

public sealed class RetainedBudgetTests
{
    private const string Topic = "retailvision/s1/cam-1/status";

    [Fact]
    public void A_store_retains_up_to_its_count_and_other_stores_keep_their_own()
    {
        var budget = new RetainedBudget(maxMessagesPerStore: 2, maxBytesPerStore: 10_000);

        Assert.True(budget.TryRetain("s1", "retailvision/s1/a/status", 10));
        Assert.True(budget.TryRetain("s1", "retailvision/s1/b/status", 10));
        Assert.False(budget.TryRetain("s1", "retailvision/s1/c/status", 10));
        Assert.True(budget.TryRetain("s1", "retailvision/s1/b/status", 20));
        Assert.True(budget.TryRetain("s2", "retailvision/s2/a/status", 10));

        Assert.Equal(2, budget.Held("s1").Messages);
        Assert.Equal(1, budget.Held("s2").Messages);
    }

    [Fact]
    public void Bytes_count_payload_and_topic_and_a_replacement_counts_only_its_difference()
    {
        var topicBytes = 2 * Topic.Length;
        var budget = new RetainedBudget(maxMessagesPerStore: 10, maxBytesPerStore: 1000 + topicBytes);

        Assert.True(budget.TryRetain("s1", Topic, 600));
        Assert.True(budget.TryRetain("s1", Topic, 1000));
        Assert.False(budget.TryRetain("s1", Topic, 1001));

        Assert.Equal((1, 1000L + topicBytes), budget.Held("s1"));
    }

    [Fact]
    public void Clearing_a_topic_frees_its_budget()
    {
        var budget = new RetainedBudget(maxMessagesPerStore: 1, maxBytesPerStore: 10_000);
        budget.TryRetain("s1", Topic, 100);

        budget.Clear("s1", Topic);
        budget.Clear("s1", "retailvision/s1/never/status");

        Assert.Equal((0, 0L), budget.Held("s1"));
        Assert.True(budget.TryRetain("s1", "retailvision/s1/cam-2/status", 100));
    }
}
