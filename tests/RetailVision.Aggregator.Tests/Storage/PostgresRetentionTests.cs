using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Storage;
using RetailVision.Aggregator.Storage.Postgres;

namespace RetailVision.Aggregator.Tests.Storage;

/// <summary>Retention on PostgreSQL beside the migrations.</summary>
public sealed class PostgresRetentionTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [SkippableFact]
    public async Task On_a_fresh_database_retention_starts_once_the_migrations_have_created_the_tables()
    {
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);
        await using var dataSource = NpgsqlDataSource.Create(cluster.CreateDatabase());
        using var store = new PostgresStore(dataSource, 1_000);
        var readiness = new StorageReadiness();
        var retention = new OutcomeRecordingRetention(store);
        using var retentionService = new RawRetentionService(retention, readiness, Options.Create(new AggregatorOptions()), TimeProvider.System,
            NullLogger<RawRetentionService>.Instance);
        using var schemaService = new PostgresSchemaService(dataSource, store, readiness, NullLogger<PostgresSchemaService>.Instance);

        // Retention first, as the host may start it: before this fix it ran into "42P01: relation "events" does not exist".
        await retentionService.StartAsync(CancellationToken.None);
        await schemaService.StartAsync(CancellationToken.None);
        var firstPass = await retention.FirstPass.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await retentionService.StopAsync(CancellationToken.None);
        await schemaService.StopAsync(CancellationToken.None);

        Assert.Null(firstPass);
        Assert.True(readiness.IsReady);
    }

    /// <summary>Records how the first retention pass ended: null when it succeeded, else its error.</summary>
    private sealed class OutcomeRecordingRetention(IRawRetention inner) : IRawRetention
    {
        public TaskCompletionSource<Exception?> FirstPass { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<string> DropRawBeforeAsync(RawRetentionCutoffs cutoffs, CancellationToken cancellationToken)
        {
            try
            {
                var dropped = await inner.DropRawBeforeAsync(cutoffs, cancellationToken);
                FirstPass.TrySetResult(null);
                return dropped;
            }
            catch (Exception ex)
            {
                FirstPass.TrySetResult(ex);
                throw;
            }
        }
    }
}
