using RetailVision.LoadGenerator.Load;

namespace RetailVision.LoadGenerator.Measurement;

/// <summary>
/// The embedded broker's PUBACK as the stored time: the aggregator acknowledges a publish only once the batch that holds
/// it is committed, so the acknowledgement is the durable write as the store's box sees it.
/// </summary>
public sealed class AcknowledgementObserver : IStorageObserver
{
    public string Meaning => "the embedded broker's PUBACK, sent once the batch is committed";

    public Task StartAsync(PublishLedger ledger, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SettleAsync(PublishLedger ledger, CancellationToken cancellationToken)
    {
        foreach (var record in ledger.Records)
            if (record.Acknowledged) Interlocked.CompareExchange(ref record.StoredAt, Volatile.Read(ref record.AckedAt), 0);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
