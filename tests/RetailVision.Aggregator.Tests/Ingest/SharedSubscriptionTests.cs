using RetailVision.Tests.Shared;
using System.Net.Http.Json;
using System.Text.Json;
using MQTTnet;
using RetailVision.Aggregator.Tests.Support;
using RetailVision.Contracts;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Ingest;

/// <summary>
/// Scale-out on an existing broker: two aggregators in one MQTT 5 shared-subscription group on Debian's mosquitto,
/// writing to one PostgreSQL database, share a store's messages between them and store each once.
/// </summary>
public sealed class SharedSubscriptionTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    private const int Events = 300;

    [SkippableFact]
    public async Task Two_aggregators_in_one_group_share_the_messages_and_store_each_once()
    {
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);
        Skip.IfNot(Mosquitto.IsInstalled, "mosquitto is not installed (deploy/install-deps.sh installs it)");
        using var directory = new TempDirectory();
        using var mosquitto = await Mosquitto.StartAsync(directory.Path, new Dictionary<string, string>
        {
            [Mosquitto.AggregatorUser] = "aggregator-password",
            ["store-1"] = "store-password",
        });
        var database = cluster.CreateDatabase();
        string[] Settings(string clientId) =>
        [
            "--Aggregator:Broker:Mode=External", "--Aggregator:Broker:Host=127.0.0.1", $"--Aggregator:Broker:Username={Mosquitto.AggregatorUser}",
            "--Aggregator:Broker:Password=aggregator-password", $"--Aggregator:Broker:ClientId={clientId}", "--Aggregator:Broker:SharedSubscriptionGroup=aggregators",
            "--Aggregator:Storage:Backend=Postgres", $"--Aggregator:Storage:ConnectionString={database}",
        ];
        await using var first = await RunningAggregator.StartAsync(Settings("aggregator-1"), databasePath: directory.File("unused-1.db"), brokerPort: mosquitto.Port);
        await using var second = await RunningAggregator.StartAsync(Settings("aggregator-2"), databasePath: directory.File("unused-2.db"), brokerPort: mosquitto.Port);
        await WaitAsync(async () => (await first.Http.GetAsync("/health")).IsSuccessStatusCode && (await second.Http.GetAsync("/health")).IsSuccessStatusCode);

        using var edge = new MqttClientFactory().CreateMqttClient();
        await edge.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", mosquitto.Port).WithClientId(MqttClientIds.Edge("store-1", "edge"))
            .WithCredentials("store-1", "store-password").Build());
        var sent = Enumerable.Range(0, Events).Select(i => Enter("store-1", "cam", "shelf", i, i)).ToList();
        foreach (var batch in sent.Chunk(20))
            Assert.All(await Task.WhenAll(batch.Select(e => edge.PublishAsync(e))), r => Assert.True(r.IsSuccess));
        await WaitAsync(async () => (await StoredIdsAsync(first)).Count >= Events);

        var stored = await StoredIdsAsync(first);
        var (byFirst, bySecond) = (await StoredCountAsync(first), await StoredCountAsync(second));
        Assert.Equal(sent.Select(e => e.EventId).Order(), stored.Order());
        Assert.Equal(Events, byFirst + bySecond);
        Assert.True(byFirst > 0 && bySecond > 0, $"the group did not share the messages: {byFirst} and {bySecond}");
    }

    private static async Task<List<Guid>> StoredIdsAsync(RunningAggregator aggregator)
    {
        using var response = await aggregator.Http.GetAsync("/api/stores/store-1/events?limit=10000");
        if (!response.IsSuccessStatusCode) return [];
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(e => e.GetProperty("eventId").GetGuid()).ToList();
    }

    private static async Task<long> StoredCountAsync(RunningAggregator aggregator) =>
        (await aggregator.Http.GetFromJsonAsync<JsonElement>("/health")).GetProperty("counters").GetProperty("stored").GetInt64();

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300 && !await condition(); i++) await Task.Delay(100);
    }
}
