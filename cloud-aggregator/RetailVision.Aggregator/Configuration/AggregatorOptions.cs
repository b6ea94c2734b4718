using RetailVision.Contracts;

namespace RetailVision.Aggregator.Configuration;

/// <summary>Settings of the aggregator, bound from the <c>Aggregator</c> configuration section.</summary>
public sealed class AggregatorOptions
{
    public const string SectionName = "Aggregator";

    /// <summary>The LiteDB file (relative paths are taken from the working directory); "{path}.lock" beside it marks its owner.</summary>
    public string DatabasePath { get; set; } = "data/aggregator.db";

    public string TopicPrefix { get; set; } = MqttTopics.DefaultPrefix;

    public BrokerOptions Broker { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    public IngestOptions Ingest { get; set; } = new();

    public StorageOptions Storage { get; set; } = new();

    /// <summary>
    /// Seconds the aggregator waits, once told to stop, for its connections to close and its queued messages to be
    /// written before it exits regardless; below the 10 s a container runtime gives before it kills the process.
    /// </summary>
    public double ShutdownTimeoutSeconds { get; set; } = 8;

    public TimeSpan ShutdownTimeout => TimeSpan.FromSeconds(ShutdownTimeoutSeconds);
}
