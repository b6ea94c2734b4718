using System.Diagnostics;
using System.Net;
using System.Text;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using RetailVision.Contracts;
using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests.Attacks;

/// <summary>
/// What MQTT forbids or the broker's limits refuse, sent on purpose: wildcard and broken topics in PUBLISH, connections
/// that never log in or stop mid-packet, a client that keeps publishing where it may not, retained messages where
/// none belong. Each must end the connection promptly, and a client that loops on it must not flood the log. And the
/// CONNACK an MQTT 3.1.1 client gets for a login refused for its rate or for an empty client id.
/// </summary>
public sealed class ProtocolAttackTests(ITestOutputHelper output)
{
    private const int TimeoutSeconds = 2;
    private const int Violators = 200;
    private const int RefusalsBeforeDisconnect = 100;
    // The aggregator's default.
    private const int FailuresPerAddressBeforeBackoff = 10;
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);
    private static readonly StoreLogin StoreA = new("store-a", "password-a");
    private static readonly StoreLogin StoreB = new("store-b", "password-b");

    [Fact]
    public async Task Bad_topics_silent_and_stalled_connections_are_closed_promptly_and_said_why()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await StartAsync(folder);
        var port = aggregator.BrokerPort;
        var topics = new Dictionary<string, byte[]>
        {
            ["plus"] = Encoding.UTF8.GetBytes("retailvision/store-a/+/events"),
            ["hash"] = Encoding.UTF8.GetBytes("retailvision/store-a/#"),
            ["invalid-utf8"] = [.. Encoding.UTF8.GetBytes("retailvision/store-a/"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("/events")],
            ["nul"] = Encoding.UTF8.GetBytes("retailvision/store-a/c\0m/events"),
        };
        var figures = new AttackFigures(nameof(ProtocolAttackTests) + ".closing");
        var closings = new List<(string Case, Closing Closing, byte? Expected, TimeSpan Within)>();
        foreach (var (name, topic) in topics)
        {
            closings.Add(($"topic-{name}-v5", await BadPublishAsync(port, topic, RawMqttClient.Mqtt5), 0x90, Slack));
            closings.Add(($"topic-{name}-v311", await BadPublishAsync(port, topic, RawMqttClient.Mqtt311), null, Slack));
        }
        var eventsTopic = Encoding.UTF8.GetBytes(MqttTopics.Events(MqttTopics.DefaultPrefix, StoreA.StoreId, "cam"));
        foreach (var protocol in new[] { RawMqttClient.Mqtt5, RawMqttClient.Mqtt311 })
        {
            using var zeroId = await ConnectedAsync(port, $"zero-id-{protocol}", protocol);
            await zeroId.SendAsync(RawMqttClient.PublishQos1(eventsTopic, "{}"u8.ToArray(), packetId: 0, protocol));
            closings.Add(($"qos1-packet-id-0-v{(protocol == RawMqttClient.Mqtt5 ? "5" : "311")}", await zeroId.WaitForCloseAsync(TimeSpan.FromSeconds(5)),
                protocol == RawMqttClient.Mqtt5 ? (byte)0x82 : null, Slack));
        }
        var limit = TimeSpan.FromSeconds(TimeoutSeconds) + Slack;
        using (var silent = await RawMqttClient.OpenAsync(port))
            closings.Add(("no-connect", await silent.WaitForCloseAsync(limit + Slack), null, limit));
        using (var partial = await RawMqttClient.OpenAsync(port))
        {
            await partial.SendAsync(RawMqttClient.Connect(MqttClientIds.Edge(StoreA.StoreId, "partial"), StoreA.StoreId, StoreA.Password)[..8]);
            closings.Add(("half-connect", await partial.WaitForCloseAsync(limit + Slack), null, limit));
        }
        using (var stalled = await ConnectedAsync(port, "stalled", RawMqttClient.Mqtt5))
        {
            var topic = Encoding.UTF8.GetBytes(MqttTopics.Events(MqttTopics.DefaultPrefix, StoreA.StoreId, "cam"));
            await stalled.SendAsync(RawMqttClient.PublishHeader(topic, 2 + topic.Length + 1 + 100));
            closings.Add(("stalled-publish", await stalled.WaitForCloseAsync(limit + Slack), 0x8D, limit));
        }
        foreach (var (name, closing, _, _) in closings)
            figures.With(name, $"{(closing.Closed ? "closed" : "open")}:{closing.After.TotalMilliseconds:0}ms:{closing.Disconnect?.Code:X2}");
        figures.Publish(output);
        foreach (var (name, closing, _, _) in closings) output.WriteLine($"  {name}: DISCONNECT {closing.Disconnect?.ToString() ?? "none"}");

        Assert.All(closings, c =>
        {
            Assert.True(c.Closing.Closed && c.Closing.After <= c.Within, $"{c.Case}: closed={c.Closing.Closed} after {c.Closing.After}");
            Assert.Equal(c.Expected, c.Closing.Disconnect?.Code);
            if (c.Expected is not null) Assert.False(string.IsNullOrWhiteSpace(c.Closing.Disconnect!.Reason), $"{c.Case}: no reason string");
        });
        Assert.True((await aggregator.Http.GetAsync("/health")).IsSuccessStatusCode);
        folder.Keep = false;
    }

    [Fact]
    public async Task Looping_clients_are_cut_off_and_logged_in_a_few_lines()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await StartAsync(folder);
        var port = aggregator.BrokerPort;

        // Store A publishes on store B's topic until the broker has had enough.
        var (refusals, cutOff) = await PublishForeignUntilCutOffAsync(port);
        // Back with the same id at once: its refusals are still counted, so the first one ends it.
        var (refusalsAgain, cutOffAgain) = await PublishForeignUntilCutOffAsync(port);
        // One connection after another, each with a PUBLISH topic MQTT forbids.
        var wildcard = Encoding.UTF8.GetBytes("retailvision/store-a/+/events");
        var violationsClosed = 0;
        for (var i = 0; i < Violators; i++)
            if ((await BadPublishAsync(port, wildcard, RawMqttClient.Mqtt5, $"violator-{i}")).Closed) violationsClosed++;
        // The log is written as the process prints it.
        await Task.Delay(500);
        var log = ReadShared(aggregator.LogPath);
        var refusalLines = log.Count(l => l.Contains("refused publish", StringComparison.Ordinal));
        var violationLines = log.Count(l => l.Contains("closed MQTT connection", StringComparison.Ordinal));

        new AttackFigures(nameof(ProtocolAttackTests) + ".quiet")
            .With("refusals-before-cut-off", refusals).With("cut-off", cutOff)
            .With("refusals-after-reconnect", refusalsAgain).With("cut-off-again", cutOffAgain)
            .With("refusal-log-lines", refusalLines)
            .With("violating-connections", Violators).With("violations-closed", violationsClosed).With("violation-log-lines", violationLines)
            .With("log-lines", log.Count)
            .Publish(output);

        Assert.True(cutOff, "the looping client was not disconnected");
        // The broker answers each refusal until the last one, which it answers by closing the connection.
        Assert.Equal(RefusalsBeforeDisconnect - 1, refusals);
        Assert.True(cutOffAgain);
        Assert.Equal(0, refusalsAgain);
        Assert.Equal(Violators, violationsClosed);
        Assert.InRange(refusalLines, 1, 3);
        Assert.InRange(violationLines, 1, 3);
        folder.Keep = false;
    }

    [Fact]
    public async Task Only_small_status_messages_are_retained()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await StartAsync(folder);
        var port = aggregator.BrokerPort;
        var storeStatus = MqttTopics.StoreStatus(MqttTopics.DefaultPrefix, StoreA.StoreId);
        var cameraStatus = MqttTopics.CameraStatus(MqttTopics.DefaultPrefix, StoreA.StoreId, "cam");
        var events = MqttTopics.Events(MqttTopics.DefaultPrefix, StoreA.StoreId, "cam");
        using (var publisher = await ClientAsync(port, "publisher"))
        {
            // The small store status is the control: it shows that a retained message does reach a later subscriber.
            await publisher.PublishAsync(Retained(storeStatus, "online"u8.ToArray()));
            await publisher.PublishAsync(Retained(cameraStatus, Encoding.UTF8.GetBytes(new string('x', 4 * 1024 + 1))));
            await publisher.PublishAsync(Retained(events, ContractJson.Serialize(StoreEvents.Event(StoreA.StoreId))));
            await publisher.DisconnectAsync();
        }
        var received = new List<string>();
        using var subscriber = await ClientAsync(port, "subscriber");
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            lock (received) received.Add(e.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
        await subscriber.SubscribeAsync($"{MqttTopics.DefaultPrefix}/{StoreA.StoreId}/#", MqttQualityOfServiceLevel.AtLeastOnce);
        await Task.Delay(1500);

        new AttackFigures(nameof(ProtocolAttackTests) + ".retained").With("retained-received", string.Join("+", received)).Publish(output);
        Assert.Equal([storeStatus], received);
        folder.Keep = false;
    }

    [Fact]
    public async Task Refused_mqtt_311_logins_get_the_return_code_that_says_why()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await StartAsync(folder);
        var port = aggregator.BrokerPort;

        // An address that keeps failing is throttled: MQTT 5 is told its connection rate was exceeded, which 3.1.1 cannot
        // say; there it must be "server unavailable" (3, retry later), not "unacceptable protocol version" (1, give up).
        var failing = IPAddress.Parse("127.0.2.1");
        var wrong = new List<ServerAnswer>();
        for (var i = 0; i < FailuresPerAddressBeforeBackoff; i++) wrong.Add(await LoginFromAsync(port, failing, "not-the-password", RawMqttClient.Mqtt311));
        // Both within the first 1 s wait (each refusal is held back for up to that long, so not one after the other).
        var throttled = await Task.WhenAll(LoginFromAsync(port, failing, StoreA.Password, RawMqttClient.Mqtt311),
            LoginFromAsync(port, failing, StoreA.Password, RawMqttClient.Mqtt5));
        var (throttled311, throttled5) = (throttled[0], throttled[1]);
        // No client id and a persistent session: 3.1.1 leaves nothing to resume it by, so "identifier rejected" (2) and
        // closed; MQTT 5 lets the broker assign an id.
        ServerAnswer emptyId311, emptyId5;
        Closing afterEmptyId311;
        using (var client = await RawMqttClient.OpenAsync(port))
        {
            emptyId311 = await client.ConnectAsync("", StoreA.StoreId, StoreA.Password, RawMqttClient.Mqtt311, cleanStart: false);
            afterEmptyId311 = await client.WaitForCloseAsync(TimeSpan.FromSeconds(2));
        }
        using (var client = await RawMqttClient.OpenAsync(port))
            emptyId5 = await client.ConnectAsync("", StoreA.StoreId, StoreA.Password, RawMqttClient.Mqtt5, cleanStart: false);

        new AttackFigures(nameof(ProtocolAttackTests) + ".connack")
            .With("wrong-password-v311", string.Join("/", wrong.Select(a => a.Code).Distinct()))
            .With("throttled-v311", throttled311.Code!).With("throttled-v5", $"0x{throttled5.Code:X2}")
            .With("empty-id-persistent-v311", $"{emptyId311.Code}:{(afterEmptyId311.Closed ? "closed" : "open")}")
            .With("empty-id-persistent-v5", emptyId5.Code!)
            .Publish(output);

        Assert.All(wrong, a => Assert.Equal((byte)4, a.Code)); // bad user name or password
        Assert.Equal((byte)3, throttled311.Code);
        Assert.Equal((byte)0x9F, throttled5.Code);
        Assert.Contains("retry in", throttled5.Reason);
        Assert.Equal((byte)2, emptyId311.Code);
        Assert.True(afterEmptyId311.Closed);
        Assert.Equal((byte)0, emptyId5.Code);
        folder.Keep = false;
    }

    private static async Task<ServerAnswer> LoginFromAsync(int port, IPAddress from, string password, byte protocol)
    {
        using var client = await RawMqttClient.OpenAsync(port, from);
        return await client.ConnectAsync(MqttClientIds.Edge(StoreA.StoreId, "probe"), StoreA.StoreId, password, protocol);
    }

    private static Task<AggregatorProcess> StartAsync(TestFolder folder) =>
        AttackedAggregator.StartAsync(folder,
            [.. StoreA.AggregatorSettings(0), .. StoreB.AggregatorSettings(1),
             $"--Aggregator:Broker:Limits:ConnectTimeoutSeconds={TimeoutSeconds}", $"--Aggregator:Broker:Limits:StallTimeoutSeconds={TimeoutSeconds}",
             $"--Aggregator:Broker:Limits:RefusalsBeforeDisconnect={RefusalsBeforeDisconnect}"]);

    private static async Task<RawMqttClient> ConnectedAsync(int port, string agent, byte protocol)
    {
        var client = await RawMqttClient.OpenAsync(port);
        var connack = await client.ConnectAsync(MqttClientIds.Edge(StoreA.StoreId, agent), StoreA.StoreId, StoreA.Password, protocol);
        Assert.Equal((byte)0, connack.Code);
        return client;
    }

    private static async Task<Closing> BadPublishAsync(int port, byte[] topic, byte protocol, string agent = "bad-topic")
    {
        using var client = await ConnectedAsync(port, agent, protocol);
        await client.SendAsync(RawMqttClient.Publish(topic, "{}"u8.ToArray(), protocol));
        return await client.WaitForCloseAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>QoS 1 publishes of store A on store B's topic, one after the other: how many were refused before the broker closed the connection.</summary>
    private static async Task<(int Refusals, bool CutOff)> PublishForeignUntilCutOffAsync(int port)
    {
        using var client = await ClientAsync(port, "looping");
        var refusals = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10) && refusals < 10 * RefusalsBeforeDisconnect)
        {
            try
            {
                var result = await client.PublishAsync(StoreEvents.Message(StoreB.StoreId, StoreEvents.Event(StoreB.StoreId)));
                if (result.ReasonCode != MqttClientPublishReasonCode.NotAuthorized) return (refusals, false);
                refusals++;
            }
            catch (MqttCommunicationException)
            {
                return (refusals, true);
            }
        }
        return (refusals, false);
    }

    private static async Task<IMqttClient> ClientAsync(int port, string agent)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(MqttClientIds.Edge(StoreA.StoreId, agent))
            .WithCredentials(StoreA.StoreId, StoreA.Password).WithTimeout(TimeSpan.FromSeconds(10)).Build());
        return client;
    }

    private static MqttApplicationMessage Retained(string topic, byte[] payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithRetainFlag()
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    // The aggregator's process still has the log open for writing.
    private static List<string> ReadShared(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }
}
