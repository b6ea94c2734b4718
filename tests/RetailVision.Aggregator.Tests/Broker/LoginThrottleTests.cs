using Microsoft.Extensions.Time.Testing;
using RetailVision.Aggregator.Broker;

namespace RetailVision.Aggregator.Tests.Broker;

public sealed class LoginThrottleTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_key_waits_after_its_threshold_and_the_wait_doubles_up_to_the_maximum()
    {
        var throttle = new LoginThrottle(TimeSpan.FromSeconds(8), _time);

        for (var i = 0; i < 2; i++) throttle.Failed("a", threshold: 3);
        Assert.Null(throttle.WaitFor("a"));
        throttle.Failed("a", threshold: 3);
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.WaitFor("a"));
        throttle.Failed("a", threshold: 3);
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.WaitFor("a"));
        for (var i = 0; i < 10; i++) throttle.Failed("a", threshold: 3);
        Assert.Equal(TimeSpan.FromSeconds(8), throttle.WaitFor("a"));

        _time.Advance(TimeSpan.FromSeconds(8));
        Assert.Null(throttle.WaitFor("a"));
        Assert.True(throttle.HasFailed("a"));
        Assert.Null(throttle.WaitFor("b"));
        Assert.False(throttle.HasFailed("b"));
    }

    [Fact]
    public void Success_or_a_long_quiet_forgets_the_failures()
    {
        var throttle = new LoginThrottle(TimeSpan.FromSeconds(8), _time);
        throttle.Failed("a", threshold: 1);
        throttle.Failed("b", threshold: 1);

        throttle.Succeeded("a");
        _time.Advance(TimeSpan.FromSeconds(17));

        Assert.False(throttle.HasFailed("a"));
        Assert.False(throttle.HasFailed("b"));
        throttle.Failed("b", threshold: 2);
        Assert.Null(throttle.WaitFor("b"));
    }

    [Fact]
    public void It_remembers_a_bounded_number_of_keys()
    {
        var throttle = new LoginThrottle(TimeSpan.FromSeconds(8), _time);

        for (var i = 0; i < LoginThrottle.MaxKeys + 100; i++)
        {
            throttle.Failed($"address-{i}", threshold: 1);
            if (i % 1000 == 0) _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        // The quietest went first; the latest are all still there.
        Assert.False(throttle.HasFailed("address-0"));
        Assert.True(throttle.HasFailed($"address-{LoginThrottle.MaxKeys + 99}"));
    }
}
