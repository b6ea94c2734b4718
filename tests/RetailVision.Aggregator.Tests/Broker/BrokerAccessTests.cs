using System.Net.Http.Json;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using RetailVision.Aggregator.Security;
using RetailVision.Aggregator.Tests.Support;
using RetailVision.Contracts;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Broker;

/// <summary>Who may connect to the embedded broker and where a store may publish and subscribe.</summary>
public sealed class BrokerAccessTests : IAsyncLifetime
{
    private RunningAggregator _aggregator = null!;

    public async Task InitializeAsync() =>
        _aggregator = await RunningAggregator.StartAsync([
            "--Aggregator:Broker:Stores:0:StoreId=store-a",
            "--Aggregator:Broker:Stores:0:PasswordHash=" + StorePasswordHash.Create("password-a", StorePasswordHash.MinIterations),
            "--Aggregator:Broker:Stores:1:StoreId=store-b",
            "--Aggregator:Broker:Stores:1:PasswordHash=" + StorePasswordHash.Create("password-b", StorePasswordHash.MinIterations),
        ]);

    [Theory]
    [InlineData("store-a", "password-b", MqttClientConnectResultCode.BadUserNameOrPassword)]
    [InlineData("store-c", "password-a", MqttClientConnectResultCode.BadUserNameOrPassword)]
    [InlineData(null, null, MqttClientConnectResultCode.NotAuthorized)]
    [InlineData("store-a", "password-a", MqttClientConnectResultCode.Success)]
    public async Task Only_a_store_with_its_password_may_connect(string? user, string? password, MqttClientConnectResultCode expected)
    {
        var (client, result) = await _aggregator.ConnectAsync($"{user ?? "anonymous"}:client-{Guid.NewGuid():N}", user, password);
        using (client)
            Assert.Equal(expected, result.ResultCode);
    }

    [Fact]
    public async Task Refused_connections_are_counted()
    {
        var (client, _) = await _aggregator.ConnectAsync("store-a:intruder", "store-a", "guess");
        client.Dispose();

        var health = await _aggregator.Http.GetFromJsonAsync<JsonElement>("/health");
        Assert.True(health.GetProperty("checks").GetProperty("broker").GetProperty("data").GetProperty("refusedConnections").GetInt64() >= 1);
    }

    [Fact]
    public async Task A_store_may_not_publish_on_another_stores_topic()
    {
        var (client, _) = await _aggregator.ConnectAsync("store-a:edge", "store-a", "password-a");
        using var _client = client;

        var result = await client.PublishAsync(Enter("store-b", "cam", "shelf", 1, 0));
        var own = await client.PublishAsync(Enter("store-a", "cam", "shelf", 1, 0));

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        Assert.True(own.IsSuccess);
        using var storeB = await _aggregator.Http.GetAsync("/api/stores/store-b/events");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, storeB.StatusCode);
        Assert.Empty((await _aggregator.Http.GetFromJsonAsync<JsonElement[]>("/api/dead-letters"))!);
    }

    [Fact]
    public async Task A_store_may_subscribe_only_to_its_own_topics()
    {
        var (client, _) = await _aggregator.ConnectAsync("store-a:reader", "store-a", "password-a");
        using var _client = client;

        var foreign = await client.SubscribeAsync(MqttTopics.AllStores(MqttTopics.DefaultPrefix, MqttTopics.EventsLeaf), MqttQualityOfServiceLevel.AtLeastOnce);
        var own = await client.SubscribeAsync(MqttTopics.Events(MqttTopics.DefaultPrefix, "store-a", "+"), MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, Assert.Single(foreign.Items).ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(own.Items).ResultCode);
    }

    [Fact]
    public async Task The_stores_status_topic_is_accepted_without_being_stored()
    {
        var (client, _) = await _aggregator.ConnectAsync("store-a:status", "store-a", "password-a");
        using var _client = client;

        var result = await client.PublishRawAsync("retailvision/store-a/status", "online"u8.ToArray());

        Assert.True(result.IsSuccess);
        Assert.Empty((await _aggregator.Http.GetFromJsonAsync<JsonElement[]>("/api/dead-letters"))!);
        Assert.Empty((await _aggregator.Http.GetFromJsonAsync<JsonElement[]>("/api/stores"))!);
    }

    public async Task DisposeAsync() => await _aggregator.DisposeAsync();
}
