namespace RetailVision.Aggregator.Broker;

/// <summary>Whether a message may join a subscriber's queue, and if not, which bound it met.</summary>
public enum QueueAdmission
{
    Admitted,

    /// <summary>Telemetry met its share of the client's or the broker's byte bound: dropped before any event is.</summary>
    TelemetryShareFull,

    /// <summary>The client's queue holds its maximum of messages or bytes.</summary>
    ClientQueueFull,

    /// <summary>All queues together hold the broker's maximum of bytes.</summary>
    BrokerQueuesFull,
}
