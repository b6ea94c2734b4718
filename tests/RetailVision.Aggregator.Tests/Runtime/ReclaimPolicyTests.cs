using RetailVision.Aggregator.Runtime;

namespace RetailVision.Aggregator.Tests.Runtime;

public sealed class ReclaimPolicyTests
{
    private const long MB = 1024 * 1024;
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    private static ReclaimPolicy Policy() => new(growthBytes: 24 * MB, Settle, maxSettleDelay: TimeSpan.FromMinutes(30));

    [Fact]
    public void A_steady_heap_is_never_collected()
    {
        var policy = Policy();
        for (var s = 0; s < 3600; s += 2)
            Assert.False(policy.ShouldReclaim((100 + s % 10) * MB, Start.AddSeconds(s)));
    }

    [Fact]
    public void A_burst_is_collected_each_time_it_grows_the_heap_by_the_threshold()
    {
        var policy = Policy();
        Assert.False(policy.ShouldReclaim(100 * MB, Start));
        Assert.False(policy.ShouldReclaim(120 * MB, Start.AddSeconds(2)));
        Assert.True(policy.ShouldReclaim(124 * MB, Start.AddSeconds(4)));
        policy.Reclaimed(124 * MB, 110 * MB, Start.AddSeconds(4));
        Assert.False(policy.ShouldReclaim(130 * MB, Start.AddSeconds(6)));
        Assert.True(policy.ShouldReclaim(134 * MB, Start.AddSeconds(8)));
    }

    [Fact]
    public void What_a_burst_leaves_behind_is_collected_once_it_is_over()
    {
        var policy = Policy();
        Assert.False(policy.ShouldReclaim(100 * MB, Start));
        Assert.True(policy.ShouldReclaim(160 * MB, Start.AddSeconds(2)));
        // Collected mid-burst: the connections were still alive.
        policy.Reclaimed(160 * MB, 150 * MB, Start.AddSeconds(2));
        Assert.False(policy.ShouldReclaim(150 * MB, Start.AddSeconds(10)));
        Assert.True(policy.ShouldReclaim(150 * MB, Start.AddSeconds(22)));
    }

    [Fact]
    public void A_heap_that_really_grew_is_collected_ever_more_rarely()
    {
        var policy = Policy();
        Assert.False(policy.ShouldReclaim(100 * MB, Start));
        var now = Start.AddSeconds(2);
        Assert.True(policy.ShouldReclaim(200 * MB, now));
        policy.Reclaimed(200 * MB, 199 * MB, now);
        var gaps = new List<TimeSpan>();
        var last = now;
        for (var s = 4; s < 600; s += 2)
        {
            var t = Start.AddSeconds(s);
            if (!policy.ShouldReclaim(199 * MB, t)) continue;
            policy.Reclaimed(199 * MB, 199 * MB, t);
            gaps.Add(t - last);
            last = t;
        }
        Assert.Equal([TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(160)], gaps);
    }
}
