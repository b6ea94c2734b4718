using RetailVision.Aggregator.Broker;

namespace RetailVision.Aggregator.Tests.Broker;

public sealed class PacketPaceTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    [Fact]
    public void A_packet_gets_the_grace_period_and_then_one_second_per_rate_worth_of_bytes()
    {
        var pace = new PacketPace(minBytesPerSecond: 100, Grace);
        Assert.Equal(Grace, pace.Allowance(packet: 1, bytesReceived: 0));
        Assert.Equal(TimeSpan.FromSeconds(7), pace.Allowance(1, 200));
    }

    [Fact]
    public void Time_spent_waiting_on_the_client_uses_the_allowance_up()
    {
        var pace = new PacketPace(100, Grace);
        pace.Waited(1, TimeSpan.FromSeconds(4));
        pace.Waited(1, TimeSpan.FromSeconds(2));
        // A drip: 6 s waited for 10 bytes leaves nothing of 5 s + 0.1 s.
        Assert.True(pace.Allowance(1, 10) < TimeSpan.Zero);
        // A steady sender: 6 s waited for 600 bytes leaves 5 s.
        Assert.Equal(TimeSpan.FromSeconds(5), pace.Allowance(1, 600));
    }

    [Fact]
    public void Each_packet_starts_afresh()
    {
        var pace = new PacketPace(100, Grace);
        pace.Waited(1, TimeSpan.FromSeconds(30));
        Assert.Equal(Grace, pace.Allowance(2, 0));
    }
}
