using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Storage;
using RetailVision.Aggregator.Storage.Postgres;
using RetailVision.Aggregator.Tests.Support;
using RetailVision.Contracts;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Storage;

/// <summary>Retention on PostgreSQL beside the other writers of the schema: the migrations and the ingest writer.</summary>
public sealed class PostgresRetentionTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    private const double Day = 86_400;

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

    [SkippableFact]
    public async Task Retention_and_ingest_running_together_leave_every_partition_ingest_needs()
    {
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);
        await using var dataSource = NpgsqlDataSource.Create(cluster.CreateDatabase());
        await PostgresMigrations.ApplyAsync(dataSource, CancellationToken.None);
        using var store = new PostgresStore(dataSource, 1_000);
        for (var day = 0; day < 30; day++) Assert.Equal(InsertResult.Stored, store.Insert(Enter("s1", "cam", "shelf", day, day * Day)));

        // Ingest creates a new day partition with every batch and writes into five it knows, while retention drops
        // the thirty old days one by one: both change the store's set of known partitions at the same time.
        var ingest = Task.Run(async () =>
        {
            var results = new List<InsertResult>();
            for (var i = 0; i < 60; i++)
                results.AddRange(await store.WriteAsync([
                    new IngestRecord.Event(Enter("s1", "cam", "shelf", 100 + i, (40 + i) * Day)),
                    new IngestRecord.Event(Enter("s1", "cam", "shelf", 200 + i, (30 + i % 5) * Day)),
                ], CancellationToken.None));
            return results;
        });
        var retention = Task.Run(async () =>
        {
            for (var day = 1; day <= 30; day++)
                await store.DropRawBeforeAsync(new RawRetentionCutoffs(DayStart(day), new Dictionary<string, DateTimeOffset?>()), CancellationToken.None);
        });
        await Task.WhenAll(ingest, retention);

        Assert.All(await ingest, r => Assert.Equal(InsertResult.Stored, r));
        Assert.Equal(5 + 60, await EventPartitionsAsync(dataSource));
        Assert.Equal(120, store.FindEvents("s1", TimeRange.All).Count);
        // A dropped day is forgotten, so a late message for it gets its partition again rather than a missing-partition error.
        for (var day = 0; day < 30; day++) Assert.Equal(InsertResult.Stored, store.Insert(Enter("s1", "cam", "shelf", 300 + day, day * Day)));
        Assert.Equal(30 + 5 + 60, await EventPartitionsAsync(dataSource));
    }

    private static DateTimeOffset DayStart(int day) => new(T0.UtcDateTime.Date.AddDays(day), TimeSpan.Zero);

    private static async Task<long> EventPartitionsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass");
        return (long)(await command.ExecuteScalarAsync())!;
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
