using Npgsql;
using RetailVision.Aggregator.Storage.Postgres;
using RetailVision.LoadGenerator.LocalServices;
using RetailVision.LoadGenerator.Measurement;

namespace RetailVision.LoadGenerator.Bench;

/// <summary>
/// The chain's set-up: Debian's mosquitto with the deployed configuration, one or more aggregators in one shared
/// subscription group, and one PostgreSQL database.
/// </summary>
public sealed class MosquittoPostgresTarget : IIngestTarget
{
    private readonly Mosquitto _mosquitto;
    private readonly List<AggregatorChild> _aggregators;
    private readonly NpgsqlDataSource _database;

    private MosquittoPostgresTarget(Mosquitto mosquitto, List<AggregatorChild> aggregators, NpgsqlDataSource database)
    {
        _mosquitto = mosquitto;
        _aggregators = aggregators;
        _database = database;
        Observer = new PostgresObserver(database);
    }

    public int Port => _mosquitto.Port;

    public IStorageObserver Observer { get; }

    public static async Task<IIngestTarget> StartAsync(string directory, BenchLogins logins, PostgresCluster cluster, int aggregatorCount)
    {
        var mosquitto = await Mosquitto.StartAsync(directory, logins.MosquittoUsers);
        var connectionString = cluster.CreateDatabase();
        var aggregators = new List<AggregatorChild>();
        try
        {
            for (var i = 1; i <= aggregatorCount; i++)
            {
                aggregators.Add(await AggregatorChild.StartAsync(Path.Combine(directory, $"aggregator-{i}"),
                [
                    "--Aggregator:Broker:Mode=External", "--Aggregator:Broker:Host=127.0.0.1", $"--Aggregator:Broker:Port={mosquitto.Port}",
                    $"--Aggregator:Broker:Username={Mosquitto.AggregatorUser}", $"--Aggregator:Broker:Password={logins.AggregatorPassword}",
                    $"--Aggregator:Broker:ClientId=aggregator-{i}", "--Aggregator:Broker:SharedSubscriptionGroup=aggregators",
                    "--Aggregator:Storage:Backend=Postgres", $"--Aggregator:Storage:ConnectionString={connectionString}",
                ]));
            }
        }
        catch
        {
            foreach (var aggregator in aggregators) aggregator.Dispose();
            mosquitto.Dispose();
            throw;
        }
        return new MosquittoPostgresTarget(mosquitto, aggregators, NpgsqlDataSource.Create(connectionString));
    }

    public Task<IReadOnlyDictionary<Guid, int>> AuditAsync(IReadOnlyCollection<string> storeIds, CancellationToken cancellationToken) =>
        new EventReaderAudit(new PostgresStore(_database, 1)).CountAsync(storeIds, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Observer.DisposeAsync();
        foreach (var aggregator in _aggregators) aggregator.Dispose();
        _mosquitto.Dispose();
        await _database.DisposeAsync();
    }
}
