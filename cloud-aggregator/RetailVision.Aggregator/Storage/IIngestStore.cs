namespace RetailVision.Aggregator.Storage;

/// <summary>The write side of storage: batches of validated messages, each batch one transaction.</summary>
public interface IIngestStore
{
    /// <summary>
    /// Writes every record of <paramref name="batch"/> in one transaction, durable when the task completes, and says for
    /// each whether it was stored or its id was already there (within the batch too). Dead letters are always stored;
    /// past the configured cap the oldest are dropped in the same transaction. Throws
    /// <see cref="StorageUnavailableException"/> when nothing can be written at all; any other exception means the
    /// batch holds a record the store cannot take, and nothing of the batch was written.
    /// </summary>
    Task<IReadOnlyList<InsertResult>> WriteAsync(IReadOnlyList<IngestRecord> batch, CancellationToken cancellationToken);
}
