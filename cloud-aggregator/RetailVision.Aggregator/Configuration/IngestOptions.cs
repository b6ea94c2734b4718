namespace RetailVision.Aggregator.Configuration;

/// <summary>The <c>Aggregator:Ingest</c> section: how received messages are grouped into transactions.</summary>
public sealed class IngestOptions
{
    /// <summary>Messages written in one transaction at most.</summary>
    public int MaxBatchMessages { get; set; } = 1_000;

    /// <summary>
    /// How long a batch that is not yet full waits for more messages before it is written. 0: write what has gathered
    /// at once; batches still form from what arrives during the previous write, and one client's publishes (which the
    /// broker hands over one at a time) do not wait for company that cannot come.
    /// </summary>
    public double MaxBatchDelayMilliseconds { get; set; }

    /// <summary>Messages waiting to be written; when it is full, receiving waits (and so do acknowledgements).</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Dead letters kept; past this the oldest are dropped and counted.</summary>
    public int MaxDeadLetters { get; set; } = 100_000;

    public TimeSpan MaxBatchDelay => TimeSpan.FromMilliseconds(MaxBatchDelayMilliseconds);
}
