using System.Diagnostics;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using RetailVision.Contracts;
using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests.Attacks;

/// <summary>
/// Store A, logged in with its own valid password, tries for a few seconds to become store B: B's edge client ids
/// (namespaced, legacy and bare), with clean and resumed sessions, over MQTT 5 and 3.1.1, before and while B's two boxes
/// publish; and, under its own id, to publish on B's topics or B's events on its own. B's boxes must not notice.
/// </summary>
public sealed class ClientIdTakeoverAttackTests(ITestOutputHelper output)
{
    private static readonly StoreLogin StoreA = new("store-a", "password-a");
    private static readonly StoreLogin StoreB = new("store-b", "password-b");
    private static readonly TimeSpan AttackTime = TimeSpan.FromSeconds(6);
    private const double BoxRate = 10;

    /// <summary>B's ids as the edge uses them, the legacy un-namespaced forms, and ids with no or an empty namespace.</summary>
    private static readonly string[] ForeignIds = ["store-b:edge-1", "store-b:edge-2", "edge-store-b", "store-b", "edge-1", ":edge-1"];

    private static readonly MqttProtocolVersion[] Protocols = [MqttProtocolVersion.V500, MqttProtocolVersion.V311];

    private const string Disconnected = "disconnected";

    private readonly List<Guid> _tagged = [];

    [Fact]
    public async Task Store_a_can_neither_take_over_nor_knock_off_nor_publish_as_store_b()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await AttackedAggregator.StartAsync(folder, [.. StoreA.AggregatorSettings(0), .. StoreB.AggregatorSettings(1)]);
        var port = aggregator.BrokerPort;

        // A is first: sessions under B's ids that would outlive the connection, for B's boxes to resume.
        var first = new List<MqttClientConnectResultCode>();
        foreach (var protocol in Protocols)
        {
            first.Add(await TryForeignIdAsync(port, "store-b:edge-1", protocol, cleanStart: false));
            first.Add(await TryForeignIdAsync(port, "store-b:edge-2", protocol, cleanStart: false));
        }

        await using var box1 = await SteadyPublisher.StartAsync(port, StoreB, "store-b:edge-1", BoxRate, cleanStart: false);
        await using var box2 = await SteadyPublisher.StartAsync(port, StoreB, "store-b:edge-2", BoxRate, MqttProtocolVersion.V311, cleanStart: false);

        var takeovers = new List<MqttClientConnectResultCode>();
        var foreignPublishes = new List<string>();
        var ownTopicForeignPayload = new List<string>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < AttackTime)
        {
            foreach (var id in ForeignIds)
            foreach (var protocol in Protocols)
            foreach (var cleanStart in new[] { true, false })
                takeovers.Add(await TryForeignIdAsync(port, id, protocol, cleanStart));
            var (refused, deadLettered) = await PublishAsStoreBAsync(port);
            foreignPublishes.AddRange(refused);
            ownTopicForeignPayload.Add(deadLettered);
        }
        // Both boxes keep publishing a little after the last attempt, so a late effect would show.
        await Task.Delay(1000);
        await box1.StopAsync();
        await box2.StopAsync();
        var boxSent = box1.Sent.Concat(box2.Sent).ToList();
        var expected = boxSent.Where(p => p.Acknowledged).Select(p => p.EventId).ToHashSet();
        await Eventually.HoldsAsync(async () => (await aggregator.StoredEventIdsAsync(StoreB.StoreId)).Count >= expected.Count,
            TimeSpan.FromSeconds(30), "store B's events are stored");
        await aggregator.KillAsync();
        var storedB = StoredData.EventIds(aggregator.DatabasePath, StoreB.StoreId);
        var storedA = StoredData.EventIds(aggregator.DatabasePath, StoreA.StoreId);
        var taggedStored = storedB.Concat(storedA).Count(_tagged.Contains);

        new AttackFigures(nameof(ClientIdTakeoverAttackTests))
            .With("first-attempts", first.Count).With("first-accepted", first.Count(c => c == MqttClientConnectResultCode.Success))
            .With("takeover-attempts", takeovers.Count).With("takeovers-accepted", takeovers.Count(c => c == MqttClientConnectResultCode.Success))
            .With("takeover-codes", string.Join("/", takeovers.GroupBy(c => c).Select(g => $"{g.Key}:{g.Count()}")))
            .With("a-on-b-topics", foreignPublishes.Count).With("a-on-b-topics-codes", string.Join("/", foreignPublishes.GroupBy(c => c).Select(g => $"{g.Key}:{g.Count()}")))
            .With("a-own-topic-b-payload", string.Join("/", ownTopicForeignPayload.Distinct()).Replace(' ', '_'))
            .With("tagged-sent", _tagged.Count).With("tagged-stored", taggedStored)
            .With("box-session-resumed", box1.Connected.IsSessionPresent || box2.Connected.IsSessionPresent)
            .With("box1-sent", box1.Sent.Count).With("box2-sent", box2.Sent.Count)
            .With("box-unacknowledged", boxSent.Count(p => !p.Acknowledged))
            .With("box-disconnects", box1.Disconnects + box2.Disconnects)
            .With("box-stored", storedB.Count(expected.Contains)).With("b-rows", storedB.Count)
            .Publish(output);

        Assert.All(first.Concat(takeovers), c => Assert.NotEqual(MqttClientConnectResultCode.Success, c));
        Assert.All(foreignPublishes, c => Assert.Contains(c, new[] { nameof(MqttClientPublishReasonCode.NotAuthorized), Disconnected }));
        Assert.All(ownTopicForeignPayload, r => Assert.True(r.StartsWith("dead-lettered", StringComparison.Ordinal) || r == "not tried", r));
        Assert.Equal(0, taggedStored);
        Assert.False(box1.Connected.IsSessionPresent, "box 1 resumed a session someone else left under its id");
        Assert.False(box2.Connected.IsSessionPresent, "box 2 resumed a session someone else left under its id");
        Assert.Equal(0, box1.Disconnects);
        Assert.Equal(0, box2.Disconnects);
        Assert.All(boxSent, p => Assert.True(p.Acknowledged, $"box event {p.EventId} not acknowledged"));
        Assert.Equal(expected.Order(), storedB.Order());
        folder.Keep = false;
    }

    /// <summary>
    /// One connect with A's password and a client id that is not A's; should it be accepted, it publishes B's events on
    /// B's topic and on A's own, tagged so that the stored rows show whether it got through.
    /// </summary>
    private async Task<MqttClientConnectResultCode> TryForeignIdAsync(int port, string clientId, MqttProtocolVersion protocol, bool cleanStart)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        MqttClientConnectResultCode code;
        try
        {
            code = (await client.ConnectAsync(Options(port, clientId, protocol, cleanStart))).ResultCode;
        }
        catch (MqttCommunicationException)
        {
            // A refusal the library reports as an error rather than a result.
            return MqttClientConnectResultCode.UnspecifiedError;
        }
        if (code != MqttClientConnectResultCode.Success) return code;
        await client.PublishAsync(StoreEvents.Message(StoreB.StoreId, Tagged()));
        await client.PublishAsync(StoreEvents.Message(StoreA.StoreId, Tagged()));
        await client.DisconnectAsync();
        return code;
    }

    /// <summary>
    /// Under A's own valid id: B's topics (events, heatmap, retained status) refused, B's event on A's topic dead-lettered.
    /// The same id keeps its refusal count across connections, so after RefusalsBeforeDisconnect of them the broker
    /// cuts it off instead of answering: that counts as refused too.
    /// </summary>
    private async Task<(List<string> Refused, string DeadLettered)> PublishAsStoreBAsync(int port)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            return await PublishAsStoreBAsync(client, port);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException)
        {
            // Cut off by the broker for its refusals (counted per store, so across A's connections) before it finished.
            return ([Disconnected], "not tried");
        }
        finally
        {
            DisposeQuietly(client);
        }
    }

    private async Task<(List<string> Refused, string DeadLettered)> PublishAsStoreBAsync(IMqttClient client, int port)
    {
        await client.ConnectAsync(Options(port, MqttClientIds.Edge(StoreA.StoreId, "edge-1"), MqttProtocolVersion.V500, cleanStart: true));
        var status = new MqttApplicationMessageBuilder().WithTopic(MqttTopics.StoreStatus(MqttTopics.DefaultPrefix, StoreB.StoreId))
            .WithPayload("offline").WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        var refused = new List<string>();
        foreach (var message in new[] { StoreEvents.Message(StoreB.StoreId, Tagged()), StoreEvents.Message(StoreB.StoreId, Tagged(), MqttTopics.HeatmapLeaf), status })
        {
            try
            {
                refused.Add((await client.PublishAsync(message)).ReasonCode.ToString());
            }
            catch (MqttClientUnexpectedDisconnectReceivedException)
            {
                refused.Add(Disconnected);
                return (refused, "not tried");
            }
        }
        var own = await client.PublishAsync(StoreEvents.Message(StoreA.StoreId, Tagged()));
        await client.DisconnectAsync();
        return (refused, own.IsSuccess ? own.ReasonString ?? "stored" : own.ReasonCode.ToString());
    }

    /// <summary>MQTTnet's client can throw from Dispose when the server closed the connection during its own disconnect.</summary>
    private static void DisposeQuietly(IMqttClient client)
    {
        try
        {
            client.Dispose();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private DecisionPointEvent Tagged()
    {
        var payload = StoreEvents.Event(StoreB.StoreId);
        _tagged.Add(payload.EventId);
        return payload;
    }

    private static MqttClientOptions Options(int port, string clientId, MqttProtocolVersion protocol, bool cleanStart) =>
        new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId).WithCredentials(StoreA.StoreId, StoreA.Password)
            .WithProtocolVersion(protocol).WithCleanStart(cleanStart).WithTimeout(TimeSpan.FromSeconds(10)).Build();
}
