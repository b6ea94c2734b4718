using RetailVision.LoadGenerator.Measurement;

namespace RetailVision.LoadGenerator.Bench;

/// <summary>One set-up the ingest benchmark publishes to, started fresh for each measurement and torn down after.</summary>
public interface IIngestTarget : IAsyncDisposable
{
    /// <summary>The broker port the stores publish to (on 127.0.0.1).</summary>
    int Port { get; }

    IStorageObserver Observer { get; }

    /// <summary>How many times each event id ended up stored; it may stop the aggregators first to read their files.</summary>
    Task<IReadOnlyDictionary<Guid, int>> AuditAsync(IReadOnlyCollection<string> storeIds, CancellationToken cancellationToken);
}
