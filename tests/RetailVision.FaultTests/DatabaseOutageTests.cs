using Npgsql;
using RetailVision.Aggregator;
using RetailVision.Aggregator.Storage.Postgres;
using RetailVision.FaultTests.Support;
using RetailVision.Tests.Shared;
using Xunit.Abstractions;

namespace RetailVision.FaultTests;

/// <summary>
/// (i) The aggregator's PostgreSQL stopped for 60 s while the edge publishes through the embedded broker: the
/// aggregator stays up, refuses to acknowledge what it cannot store, and resumes by itself when the database is back;
/// the edge's outbox holds the rest meanwhile. Nothing is lost or stored twice.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task A_60_s_database_outage_loses_and_duplicates_nothing()
    {
        using var cluster = new PostgresCluster();
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);
        var folder = new TestFolder();
        var login = new StoreLogin("demo-store", "demo-password");
        var database = cluster.CreateDatabase();
        var aggregator = new AggregatorProcess(folder.Path,
            [.. login.AggregatorSettings(0), "--Aggregator:Storage:Backend=Postgres", $"--Aggregator:Storage:ConnectionString={database};Timeout=3"],
            FreePort.Next());
        using var scenario = new DeliveryScenario(output, aggregator, // disposes the aggregator and the folder
            new EdgeAgent(folder.Path, login.StoreId, aggregator.BrokerPort, login.StoreId, login.Password, realtime: true), folder, brokerIsAggregator: true);
        await aggregator.StartAsync();
        scenario.Edge.Start();
        await Eventually.HoldsAsync(async () => (await aggregator.StoredEventIdsAsync(login.StoreId)).Count >= 3, TimeSpan.FromSeconds(90), "events reach the database");

        cluster.Stop();
        await Task.Delay(Outage);
        var upDuringOutage = aggregator.IsRunning;
        using (var health = await aggregator.Http.GetAsync("/health"))
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, health.StatusCode);
        cluster.Start();
        var recovery = await Eventually.HoldsAsync(async () => (await aggregator.Http.GetAsync("/health")).IsSuccessStatusCode, TimeSpan.FromSeconds(60),
            "the aggregator is healthy again once the database is back");

        scenario.Edge.Kill();
        Assert.Equal(0, await scenario.Edge.DrainAsync(TimeSpan.FromSeconds(90)));
        var (audited, broken) = AuditFile.Read(scenario.Edge.AuditPath);
        var counters = await aggregator.TotalCountersAsync();
        await aggregator.KillAsync();
        using var reader = new PostgresStore(NpgsqlDataSource.Create(database), 1);
        var stored = reader.FindEvents(login.StoreId, TimeRange.All).Select(e => e.EventId).ToList();

        var report = new DeliveryReport(audited, broken, stored)
            .With("outage-s", Outage.TotalSeconds).With("healthy-again-s", Math.Round(recovery.TotalSeconds, 1))
            .With("storage-failures", counters.StorageFailures).With("duplicates-recognised", counters.Duplicates);
        report.Publish(nameof(A_60_s_database_outage_loses_and_duplicates_nothing), output);
        Assert.True(upDuringOutage, "the aggregator died while the database was away");
        DeliveryScenario.AssertExactlyOnce(report, edgeKills: 1);
        Assert.True(counters.StorageFailures > 0, "no publish was refused during the outage, so the outage did not test ingest");
        folder.Keep = false;
    }
}
