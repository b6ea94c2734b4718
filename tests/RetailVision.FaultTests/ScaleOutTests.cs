using System.Diagnostics;
using System.Globalization;
using Npgsql;
using RetailVision.Aggregator;
using RetailVision.Aggregator.Storage.Postgres;
using RetailVision.FaultTests.Support;
using RetailVision.Tests.Shared;
using Xunit.Abstractions;

namespace RetailVision.FaultTests;

/// <summary>
/// (h) Two aggregators in one shared-subscription group on Debian's mosquitto, writing to one PostgreSQL: one of them
/// is SIGKILLed five times while the edge publishes and restarted at once with its client id, as systemd would.
/// mosquitto keeps the killed member's share in its session, so nothing is lost; the database keeps ids unique.
/// </summary>
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private const int Kills = 5;

    [SkippableFact]
    public async Task Nothing_is_lost_or_stored_twice_when_one_of_two_aggregators_is_killed_five_times()
    {
        using var cluster = new PostgresCluster();
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);
        Skip.IfNot(Mosquitto.IsInstalled, "mosquitto is not installed (deploy/install-deps.sh installs it)");
        var folder = new TestFolder();
        var store = new StoreLogin("demo-store", "demo-password");
        var subscriber = new StoreLogin(Mosquitto.AggregatorUser, "aggregator-password");
        using var mosquitto = await Mosquitto.StartAsync(folder.Path, new Dictionary<string, string>
        {
            [store.StoreId] = store.Password,
            [subscriber.StoreId] = subscriber.Password,
        });
        var database = cluster.CreateDatabase();
        using var first = Aggregator(folder, "aggregator-1", database, subscriber, mosquitto.Port);
        using var second = Aggregator(folder, "aggregator-2", database, subscriber, mosquitto.Port);
        using var edge = new EdgeAgent(folder.Path, store.StoreId, mosquitto.Port, store.StoreId, store.Password);
        await first.StartAsync();
        await second.StartAsync();
        edge.Start();
        await Eventually.HoldsAsync(async () => (await first.StoredEventIdsAsync(store.StoreId)).Count >= 3, TimeSpan.FromSeconds(90), "events reach the database");

        var seed = Environment.TickCount;
        var random = new Random(seed);
        var restarts = new List<double>();
        for (var i = 0; i < Kills; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2 + random.NextDouble() * 4));
            await second.KillAsync();
            var clock = Stopwatch.StartNew();
            await second.StartAsync();
            restarts.Add(Math.Round(clock.Elapsed.TotalSeconds, 1));
        }

        edge.Kill();
        Assert.Equal(0, await edge.DrainAsync(TimeSpan.FromSeconds(90)));
        var (audited, broken) = AuditFile.Read(edge.AuditPath);
        await Eventually.HoldsAsync(async () => audited.All((await first.StoredEventIdsAsync(store.StoreId)).ToHashSet().Contains), TimeSpan.FromSeconds(90),
            "both aggregators store what mosquitto acknowledged");
        var (byFirst, bySecond) = ((await first.TotalCountersAsync()).Stored, (await second.TotalCountersAsync()).Stored);
        await first.KillAsync();
        await second.KillAsync();
        using var reader = new PostgresStore(NpgsqlDataSource.Create(database), 1);
        var stored = reader.FindEvents(store.StoreId, TimeRange.All).Select(e => e.EventId).ToList();

        var report = new DeliveryReport(audited, broken, stored)
            .With("kills", Kills).With("restart-to-healthy-s", string.Join('/', restarts.Select(r => r.ToString(CultureInfo.InvariantCulture))))
            .With("stored-by-1", byFirst).With("stored-by-2", bySecond).With("seed", seed);
        report.Publish(nameof(Nothing_is_lost_or_stored_twice_when_one_of_two_aggregators_is_killed_five_times), output);
        DeliveryScenario.AssertExactlyOnce(report, edgeKills: 1);
        Assert.True(byFirst > 0 && bySecond > 0, $"the group did not share the messages: {byFirst} and {bySecond}");
        folder.Keep = false;
    }

    private static AggregatorProcess Aggregator(TestFolder folder, string clientId, string database, StoreLogin subscriber, int brokerPort)
    {
        var directory = Path.Combine(folder.Path, clientId);
        Directory.CreateDirectory(directory);
        return new AggregatorProcess(directory,
        [
            "--Aggregator:Broker:Mode=External", "--Aggregator:Broker:Host=127.0.0.1", $"--Aggregator:Broker:Username={subscriber.StoreId}",
            $"--Aggregator:Broker:Password={subscriber.Password}", $"--Aggregator:Broker:ClientId={clientId}",
            "--Aggregator:Broker:SharedSubscriptionGroup=aggregators",
            "--Aggregator:Storage:Backend=Postgres", $"--Aggregator:Storage:ConnectionString={database}",
        ], brokerPort);
    }
}
