using RetailVision.Aggregator.Storage;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Tests.Support;

/// <summary>One-record batches, for tests that store a message at a time.</summary>
public static class StorageWrites
{
    public static InsertResult Insert(this IIngestStore store, DecisionPointEvent e) => Write(store, new IngestRecord.Event(e));

    public static InsertResult Insert(this IIngestStore store, HeatmapSnapshot s) => Write(store, new IngestRecord.Heatmap(s));

    public static InsertResult Insert(this IIngestStore store, DeadLetter d) => Write(store, new IngestRecord.Refused(d));

    private static InsertResult Write(IIngestStore store, IngestRecord record) =>
        store.WriteAsync([record], CancellationToken.None).GetAwaiter().GetResult()[0];
}
