using Npgsql;
using RetailVision.Aggregator.Kpis;
using RetailVision.Aggregator.Storage;
using RetailVision.Aggregator.Storage.Postgres;
using RetailVision.Aggregator.Tests.Support;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Storage;

/// <summary>The storage contract on PostgreSQL (a private cluster the tests start), and its schema migrations.</summary>
public sealed class PostgresStorageTests(PostgresCluster cluster) : StorageContractTests, IClassFixture<PostgresCluster>
{
    private string? _connectionString;

    protected override IAggregatorStorage Open(int maxDeadLetters = 100_000)
    {
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);
        _connectionString ??= cluster.CreateDatabase();
        var dataSource = NpgsqlDataSource.Create(_connectionString);
        PostgresMigrations.ApplyAsync(dataSource, CancellationToken.None).GetAwaiter().GetResult();
        return new PostgresStore(dataSource, maxDeadLetters);
    }

    [SkippableFact]
    public async Task Migrations_apply_once_and_a_failing_one_leaves_the_schema_as_it_was()
    {
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);
        await using var dataSource = NpgsqlDataSource.Create(cluster.CreateDatabase());

        var first = await PostgresMigrations.ApplyAsync(dataSource, CancellationToken.None);
        var again = await PostgresMigrations.ApplyAsync(dataSource, CancellationToken.None);

        var broken = PostgresMigrations.All.Append((9999, "9999_broken.sql", "CREATE TABLE half_done (x int); SELECT no_such_function();"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresMigrations.ApplyAsync(dataSource, broken, CancellationToken.None));

        Assert.Equal(PostgresMigrations.All.Select(m => m.Version), first);
        Assert.Empty(again);
        Assert.Contains("9999_broken.sql failed and was rolled back", error.Message);
        await using var check = dataSource.CreateCommand("SELECT to_regclass('half_done') IS NULL AND NOT EXISTS (SELECT 1 FROM schema_migrations WHERE version = 9999)");
        Assert.True((bool)(await check.ExecuteScalarAsync())!);
    }

    [SkippableFact]
    public async Task Migration_4_builds_the_day_rollups_of_a_database_that_kept_only_hourly_ones()
    {
        using var store = Open();
        for (var track = 0; track < 40; track++)
        {
            store.Insert(Enter("s1", "cam", track % 2 == 0 ? "shelf" : "till", track, track * 7_000));
            store.Insert(Exit("s1", "cam", track % 2 == 0 ? "shelf" : "till", track, track * 7_000, 30 + track));
        }
        store.Insert(Cross("s1", "cam", "door", 100, 90_000, Contracts.LineDirection.In));
        var kept = Describe(store.ZoneDayRollups("s1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        await using var dataSource = NpgsqlDataSource.Create(_connectionString!);
        // Back to version 3, as a database from before the day rollups was, with its hourly rollups in place.
        await using (var downgrade = dataSource.CreateCommand(
                         "DROP TABLE zone_day_rollups, line_day_rollups; DROP AGGREGATE rv_sum_counts(jsonb); DELETE FROM schema_migrations WHERE version = 4"))
            await downgrade.ExecuteNonQueryAsync();

        Assert.Equal([4], await PostgresMigrations.ApplyAsync(dataSource, CancellationToken.None));

        var hours = store.ZoneRollups("s1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        var built = store.ZoneDayRollups("s1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(8, built.Count); // two zones on each of four days
        Assert.Equal(Describe(RollupDays.Zones(hours)), Describe(built));
        Assert.Equal(kept, Describe(built));
        Assert.Equal(1, Assert.Single(store.LineDayRollups("s1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).In);
    }

    [SkippableFact]
    public async Task Events_land_in_a_partition_of_their_utc_day()
    {
        using var store = Open();
        store.Insert(Enter("s1", "cam", "shelf", 1, 0));
        store.Insert(Enter("s1", "cam", "shelf", 2, 86_400));

        await using var dataSource = NpgsqlDataSource.Create(_connectionString!);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass");
        Assert.Equal(2L, await command.ExecuteScalarAsync());
    }
}
