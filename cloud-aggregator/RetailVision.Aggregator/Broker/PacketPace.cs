namespace RetailVision.Aggregator.Broker;

/// <summary>
/// The minimum data rate of a packet in progress, as Kestrel's <c>MinRequestBodyDataRate</c> is for a request body:
/// after a grace period, the bytes of the packet received so far must keep up with the rate. Only time spent waiting on
/// the client counts, not time the broker itself took to read on, so a busy broker never blames its clients. A client
/// that drips a packet a byte at a time is closed within the grace period plus what its bytes bought it.
/// </summary>
public sealed class PacketPace(double minBytesPerSecond, TimeSpan grace)
{
    private long _packet = -1;
    private TimeSpan _waited;

    /// <summary>Counts <paramref name="time"/> spent waiting on the client in the middle of packet number <paramref name="packet"/>.</summary>
    public void Waited(long packet, TimeSpan time)
    {
        Track(packet);
        _waited += time;
    }

    /// <summary>How much longer the client may take to send its next byte of packet number <paramref name="packet"/>.</summary>
    public TimeSpan Allowance(long packet, int bytesReceived)
    {
        Track(packet);
        return grace + TimeSpan.FromSeconds(bytesReceived / minBytesPerSecond) - _waited;
    }

    private void Track(long packet)
    {
        if (packet == _packet) return;
        (_packet, _waited) = (packet, TimeSpan.Zero);
    }
}
