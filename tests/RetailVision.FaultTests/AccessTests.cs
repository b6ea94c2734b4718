using MQTTnet;
using MQTTnet.Protocol;
using RetailVision.FaultTests.Support;
using RetailVision.Tests.Shared;
using Xunit.Abstractions;

namespace RetailVision.FaultTests;

/// <summary>
/// (f) Store A's login on store B's topic, a wrong password and no login at all are refused, by the embedded broker and
/// by mosquitto with the deploy/mosquitto ACL, and nothing of theirs is stored. A valid event of store B afterwards
/// shows the path was open for what is allowed.
/// </summary>
public sealed class AccessTests(ITestOutputHelper output)
{
    private static readonly StoreLogin StoreA = new("store-a", "password-a");
    private static readonly StoreLogin StoreB = new("store-b", "password-b");

    [Fact]
    public async Task The_embedded_broker_refuses_foreign_topics_wrong_passwords_and_anonymous_clients()
    {
        using var folder = new TestFolder();
        using var aggregator = new AggregatorProcess(folder.Path, [.. StoreA.AggregatorSettings(0), .. StoreB.AggregatorSettings(1)], FreePort.Next());
        await aggregator.StartAsync();

        await AssertRefusedAsync(aggregator, aggregator.BrokerPort, "embedded");
        folder.Keep = false;
    }

    [SkippableFact]
    public async Task Mosquitto_with_the_deployed_acl_refuses_the_same()
    {
        Skip.IfNot(Mosquitto.IsInstalled, "mosquitto is not installed (deploy/install-deps.sh installs it)");
        using var folder = new TestFolder();
        var subscriber = new StoreLogin(Mosquitto.AggregatorUser, "aggregator-password");
        using var mosquitto = await Mosquitto.StartAsync(folder.Path, new Dictionary<string, string>
        {
            [StoreA.StoreId] = StoreA.Password,
            [StoreB.StoreId] = StoreB.Password,
            [subscriber.StoreId] = subscriber.Password,
        });
        using var aggregator = new AggregatorProcess(folder.Path,
            ["--Aggregator:Broker:Mode=External", "--Aggregator:Broker:Host=127.0.0.1", $"--Aggregator:Broker:Username={subscriber.StoreId}",
             $"--Aggregator:Broker:Password={subscriber.Password}"], mosquitto.Port);
        await aggregator.StartAsync();

        await AssertRefusedAsync(aggregator, mosquitto.Port, "mosquitto");
        folder.Keep = false;
    }

    private async Task AssertRefusedAsync(AggregatorProcess aggregator, int port, string broker)
    {
        var (wrongPassword, wrongPasswordClient) = await ConnectAsync(port, StoreA.StoreId, "not-the-password");
        var (anonymous, anonymousClient) = await ConnectAsync(port, null, null);
        var (storeA, storeAClient) = await ConnectAsync(port, StoreA.StoreId, StoreA.Password);
        using (wrongPasswordClient)
        using (anonymousClient)
        using (storeAClient)
        {
            Assert.Equal(MqttClientConnectResultCode.Success, storeA);
            var foreign = await storeAClient.PublishAsync(StoreEvents.Message(StoreB.StoreId, StoreEvents.Event(StoreB.StoreId)));
            // The broker answers the next publish only after the previous one: this one shows the first was handled.
            var own = await storeAClient.PublishAsync(StoreEvents.Message(StoreA.StoreId, StoreEvents.Event(StoreB.StoreId), "other-topic"));
            var (storeB, storeBClient) = await ConnectAsync(port, StoreB.StoreId, StoreB.Password);
            using (storeBClient)
            {
                var marker = StoreEvents.Event(StoreB.StoreId);
                Assert.True((await storeBClient.PublishAsync(StoreEvents.Message(StoreB.StoreId, marker))).IsSuccess);
                await Eventually.HoldsAsync(async () => (await aggregator.StoredEventIdsAsync(StoreB.StoreId)).Contains(marker.EventId),
                    TimeSpan.FromSeconds(30), "store B's own event is stored");
            }
            var brokerRefusals = await BrokerRefusalsAsync(aggregator);
            await aggregator.KillAsync();
            var storedA = StoredData.EventIds(aggregator.DatabasePath, StoreA.StoreId);
            var storedB = StoredData.EventIds(aggregator.DatabasePath, StoreB.StoreId);
            var line = $"{broker}: wrong-password={wrongPassword} anonymous={anonymous} a-on-b-topic={foreign.ReasonCode} " +
                       $"a-own-unknown-leaf={own.ReasonCode} stored-a={storedA.Count} stored-b={storedB.Count} refusals-counted={brokerRefusals}";
            output.WriteLine(line);
            File.AppendAllText(DeliveryReport.ResultsFile, $"{DateTimeOffset.UtcNow:O} access {line}{Environment.NewLine}");

            Assert.NotEqual(MqttClientConnectResultCode.Success, wrongPassword);
            Assert.NotEqual(MqttClientConnectResultCode.Success, anonymous);
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, foreign.ReasonCode);
            Assert.Empty(storedA);
            Assert.Single(storedB);
        }
    }

    // The embedded broker counts what it refused; mosquitto keeps its own log.
    private static async Task<string> BrokerRefusalsAsync(AggregatorProcess aggregator)
    {
        var health = await aggregator.Http.GetStringAsync("/health");
        using var json = System.Text.Json.JsonDocument.Parse(health);
        var data = json.RootElement.GetProperty("checks").GetProperty("broker").GetProperty("data");
        return data.TryGetProperty("refusedConnections", out var connections)
            ? $"{connections.GetInt64()}-connections/{data.GetProperty("refusedPublishes").GetInt64()}-publishes"
            : "n/a";
    }

    private static async Task<(MqttClientConnectResultCode Code, IMqttClient Client)> ConnectAsync(int port, string? user, string? password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"{user ?? "anonymous"}:access-{Guid.NewGuid():N}")
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (user is not null) options.WithCredentials(user, password);
        // A refusal is a result code, not an exception.
        return ((await client.ConnectAsync(options.Build())).ResultCode, client);
    }
}
