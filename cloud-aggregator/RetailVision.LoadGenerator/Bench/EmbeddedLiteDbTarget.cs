using RetailVision.Aggregator.Storage.LiteDb;
using RetailVision.LoadGenerator.Measurement;

namespace RetailVision.LoadGenerator.Bench;

/// <summary>The single-node mode: the aggregator with its embedded broker and LiteDB file; its PUBACK follows the commit.</summary>
public sealed class EmbeddedLiteDbTarget : IIngestTarget
{
    private readonly AggregatorChild _aggregator;
    private readonly string _databasePath;

    private EmbeddedLiteDbTarget(AggregatorChild aggregator, int port, string databasePath)
    {
        _aggregator = aggregator;
        Port = port;
        _databasePath = databasePath;
    }

    public int Port { get; }

    public IStorageObserver Observer { get; } = new AcknowledgementObserver();

    public static async Task<IIngestTarget> StartAsync(string directory, BenchLogins logins)
    {
        var port = LocalServices.FreePort.Next();
        var database = Path.Combine(directory, "aggregator.db");
        var aggregator = await AggregatorChild.StartAsync(directory,
            [$"--Aggregator:DatabasePath={database}", $"--Aggregator:Broker:Port={port}", "--Aggregator:Broker:BindAddress=127.0.0.1", .. logins.EmbeddedStoreSettings()]);
        return new EmbeddedLiteDbTarget(aggregator, port, database);
    }

    public async Task<IReadOnlyDictionary<Guid, int>> AuditAsync(IReadOnlyCollection<string> storeIds, CancellationToken cancellationToken)
    {
        // The file is the aggregator's while it runs.
        _aggregator.Dispose();
        using var store = LiteDbStore.Open(_databasePath);
        return await new EventReaderAudit(store).CountAsync(storeIds, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _aggregator.Dispose();
        return ValueTask.CompletedTask;
    }
}
