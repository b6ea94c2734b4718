namespace RetailVision.Aggregator.Configuration;

/// <summary>
/// The <c>Aggregator:Broker:Queues</c> section: how much memory the embedded broker may hold in messages waiting for
/// subscribers (offline persistent sessions above all, but also clients that read slowly). A message is counted from
/// the moment it is queued until it is sent (QoS 0), acknowledged (QoS 1 and 2) or its session is deleted or replaced.
/// The defaults keep a 2-core node with a few GB of memory safe from one hostile box: a queue that is full refuses new
/// messages for that subscriber, it never pushes out older ones.
/// </summary>
public sealed class BrokerQueueOptions
{
    /// <summary>Bytes queued for one client (payloads, topics and properties, plus a fixed cost per message).</summary>
    public long MaxBytesPerClient { get; set; } = 16L * 1024 * 1024;

    /// <summary>Bytes queued for all clients together, so many sessions cannot add up what one may not hold.</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Share of both byte bounds that telemetry (status and stats: passed on, never stored) may fill. Past it only
    /// events and heatmaps are still queued, so telemetry is always dropped first.
    /// </summary>
    public double TelemetryShare { get; set; } = 0.25;
}
