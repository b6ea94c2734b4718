namespace RetailVision.Aggregator.Ingest;

/// <summary>Counts of ingest outcomes since start-up, for /health.</summary>
public sealed class IngestCounters
{
    private long _stored;
    private long _duplicates;
    private long _deadLettered;
    private long _storageFailures;

    public void Count(IngestResult result)
    {
        switch (result)
        {
            case IngestResult.Stored: Interlocked.Increment(ref _stored); break;
            case IngestResult.Duplicate: Interlocked.Increment(ref _duplicates); break;
            case IngestResult.DeadLettered: Interlocked.Increment(ref _deadLettered); break;
            case IngestResult.StorageFailed: Interlocked.Increment(ref _storageFailures); break;
        }
    }

    public IngestCountersSnapshot Snapshot() => new(
        Interlocked.Read(ref _stored), Interlocked.Read(ref _duplicates), Interlocked.Read(ref _deadLettered), Interlocked.Read(ref _storageFailures));
}
