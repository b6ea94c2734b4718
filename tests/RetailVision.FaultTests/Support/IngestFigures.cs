namespace RetailVision.FaultTests.Support;

/// <summary>The aggregator's ingest counters from /health: one process lifetime's worth.</summary>
public sealed record IngestFigures(long Stored, long Duplicates, long DeadLettered, long StorageFailures)
{
    public static IngestFigures Zero { get; } = new(0, 0, 0, 0);

    public static IngestFigures operator +(IngestFigures a, IngestFigures b) =>
        new(a.Stored + b.Stored, a.Duplicates + b.Duplicates, a.DeadLettered + b.DeadLettered, a.StorageFailures + b.StorageFailures);
}
