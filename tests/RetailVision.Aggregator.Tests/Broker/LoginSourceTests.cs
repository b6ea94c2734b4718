using RetailVision.Aggregator.Broker;

namespace RetailVision.Aggregator.Tests.Broker;

public sealed class LoginSourceTests
{
    [Theory]
    [InlineData("10.1.2.3", "10.1.2.3")]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("unknown", "unknown")]
    public void An_ipv4_address_is_its_own_source_and_an_ipv6_address_counts_as_its_64(string address, string source) =>
        Assert.Equal(source, LoginSource.Of(address));
}
