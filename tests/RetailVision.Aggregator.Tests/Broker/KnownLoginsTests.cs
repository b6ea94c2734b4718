using Microsoft.Extensions.Time.Testing;
using RetailVision.Aggregator.Broker;

namespace RetailVision.Aggregator.Tests.Broker;

public sealed class KnownLoginsTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_store_is_known_at_the_address_it_logged_in_from_until_it_fails_there()
    {
        var known = new KnownLogins(10, _time);
        known.Succeeded("store-a", "10.0.0.1");

        Assert.True(known.Contains("store-a", "10.0.0.1"));
        Assert.False(known.Contains("store-a", "10.0.0.2"));
        Assert.False(known.Contains("store-b", "10.0.0.1"));
        known.Failed("store-a", "10.0.0.1");
        Assert.False(known.Contains("store-a", "10.0.0.1"));
    }

    [Fact]
    public void When_full_the_pair_whose_latest_login_is_oldest_is_forgotten()
    {
        var known = new KnownLogins(2, _time);
        known.Succeeded("store-a", "10.0.0.1");
        _time.Advance(TimeSpan.FromSeconds(1));
        known.Succeeded("store-b", "10.0.0.2");
        _time.Advance(TimeSpan.FromSeconds(1));
        known.Succeeded("store-a", "10.0.0.1");
        known.Succeeded("store-c", "10.0.0.3");

        Assert.True(known.Contains("store-a", "10.0.0.1"));
        Assert.False(known.Contains("store-b", "10.0.0.2"));
        Assert.True(known.Contains("store-c", "10.0.0.3"));
        var none = new KnownLogins(0, _time);
        none.Succeeded("store-a", "10.0.0.1");
        Assert.False(none.Contains("store-a", "10.0.0.1"));
    }
}
