namespace RetailVision.Aggregator.Storage;

/// <summary>
/// Says when the storage's tables exist, so that background work on them (retention) starts after the schema rather
/// than failing on missing tables. LiteDB is ready when opened; PostgreSQL once its migrations have applied.
/// </summary>
public sealed class StorageReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A signal that is ready from the start, for a backend without a schema to wait for.</summary>
    public static StorageReadiness AlreadyReady()
    {
        var readiness = new StorageReadiness();
        readiness.MarkReady();
        return readiness;
    }

    public bool IsReady => _ready.Task.IsCompleted;

    public void MarkReady() => _ready.TrySetResult();

    /// <summary>Completes when the schema is ready, or throws <see cref="OperationCanceledException"/> when cancelled first.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);
}
