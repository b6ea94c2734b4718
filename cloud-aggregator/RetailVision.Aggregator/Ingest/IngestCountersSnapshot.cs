namespace RetailVision.Aggregator.Ingest;

/// <summary>The counters at one moment.</summary>
public sealed record IngestCountersSnapshot(long Stored, long Duplicates, long DeadLettered, long StorageFailures);
