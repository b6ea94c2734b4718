namespace RetailVision.Aggregator.Broker;

/// <summary>
/// Whether the broker side is up (embedded broker listening, or connected to the external one), what it refused and
/// dropped, and what its subscriber queues hold, for /health.
/// </summary>
public sealed class BrokerStatus
{
    private long _droppedTelemetry;
    private long _droppedMessages;
    private long _refusedRetained;
    private long _queuedMessages;
    private long _queuedBytes;
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

    /// <summary>Status and stats messages not queued for a subscriber: telemetry met its share of the queue bounds.</summary>
    public long DroppedTelemetry => Interlocked.Read(ref _droppedTelemetry);

    /// <summary>Events and heatmaps not queued for a subscriber: its queue, or all queues together, were full.</summary>
    public long DroppedMessages => Interlocked.Read(ref _droppedMessages);

    /// <summary>Retained messages routed but not retained: their store's retained budget was spent.</summary>
    public long RefusedRetained => Interlocked.Read(ref _refusedRetained);

    public long QueuedMessages => Interlocked.Read(ref _queuedMessages);

    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    public void TelemetryDropped() => Interlocked.Increment(ref _droppedTelemetry);

    public void MessageDropped() => Interlocked.Increment(ref _droppedMessages);

    public void RetainedRefused() => Interlocked.Increment(ref _refusedRetained);

    public void Queued(long messages, long bytes)
    {
        Interlocked.Exchange(ref _queuedMessages, messages);
        Interlocked.Exchange(ref _queuedBytes, bytes);
    }

    public void ConnectionRefused() => Interlocked.Increment(ref _refusedConnections);

    public void PublishRefused() => Interlocked.Increment(ref _refusedPublishes);

    public void SubscriptionRefused() => Interlocked.Increment(ref _refusedSubscriptions);
}
