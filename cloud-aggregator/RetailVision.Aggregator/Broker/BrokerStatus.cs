namespace RetailVision.Aggregator.Broker;

/// <summary>Whether the broker side is up (embedded broker listening, or connected to the external one) and what it refused, for /health.</summary>
public sealed class BrokerStatus
{
    private long _refusedConnections;
    private long _refusedPublishes;
    private long _refusedSubscriptions;
    private volatile bool _isRunning;

    public bool IsRunning
    {
        get => _isRunning;
        set => _isRunning = value;
    }

    public long RefusedConnections => Interlocked.Read(ref _refusedConnections);

    public long RefusedPublishes => Interlocked.Read(ref _refusedPublishes);

    public long RefusedSubscriptions => Interlocked.Read(ref _refusedSubscriptions);

    public void ConnectionRefused() => Interlocked.Increment(ref _refusedConnections);

    public void PublishRefused() => Interlocked.Increment(ref _refusedPublishes);

    public void SubscriptionRefused() => Interlocked.Increment(ref _refusedSubscriptions);
}
