using RetailVision.Tests.Shared;
using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using RetailVision.Contracts;
using RetailVision.Edge.Cli.Commands;

namespace RetailVision.EndToEnd.Tests;

/// <summary>
/// The whole product over real parts: the aggregator with its embedded MQTT broker and a LiteDB file, the edge agent's
/// `run` on real video publishing over MQTT, and the aggregator's HTTP API answering with KPIs computed from exactly
/// the events the edge published (captured here by a second subscriber on the same broker).
/// </summary>
public sealed class EdgeToAggregatorTests : IAsyncLifetime
{
    private EmbeddedAggregator _aggregator = null!;

    public async Task InitializeAsync() => _aggregator = await EmbeddedAggregator.StartAsync("rv-e2e-");

    [Fact]
    public async Task The_api_serves_kpis_computed_from_exactly_the_events_the_edge_published()
    {
        var published = new ConcurrentDictionary<Guid, DecisionPointEvent>();
        var cameraStates = new ConcurrentQueue<CameraStatusMessage>();
        var stats = new ConcurrentQueue<EdgeStatsMessage>();
        using var observer = new MqttClientFactory().CreateMqttClient();
        observer.ApplicationMessageReceivedAsync += args =>
        {
            var payload = args.ApplicationMessage.Payload.ToArray();
            if (args.ApplicationMessage.Topic == MqttTopics.CameraStatus("retailvision", "demo-store", "forecourt"))
                cameraStates.Enqueue(JsonSerializer.Deserialize(payload, ContractJson.Default.CameraStatusMessage)!);
            if (args.ApplicationMessage.Topic == MqttTopics.Stats("retailvision", "demo-store"))
                stats.Enqueue(JsonSerializer.Deserialize(payload, ContractJson.Default.EdgeStatsMessage)!);
            var result = ContractValidator.ValidateEvent(args.ApplicationMessage.Payload, "demo-store", "forecourt");
            if (result.IsValid) published[result.Value!.EventId] = result.Value;
            return Task.CompletedTask;
        };
        var connect = await observer.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _aggregator.BrokerPort).WithClientId("e2e-observer").Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connect.ResultCode);
        await observer.SubscribeAsync(MqttTopics.Events("retailvision", "demo-store", "+"), MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
        await observer.SubscribeAsync(MqttTopics.CameraStatus("retailvision", "demo-store", "+"), MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
        await observer.SubscribeAsync(MqttTopics.Stats("retailvision", "demo-store"), MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);

        var config = VideoClip.StoreConfig(_aggregator.Directory, VideoClip.FromVtest(_aggregator.Directory, 150), _aggregator.BrokerPort);
        var exit = await RunCommand.RunAsync(NullLoggerFactory.Instance, config, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(0, exit);
        await WaitUntil(() => published.Count > 0 && published.Values.Count(e => e.Kind == DecisionPointKind.ZoneExit) == published.Values.Count(e => e.Kind == DecisionPointKind.ZoneEnter));

        // The camera's states went out as they changed, and the final stats counted its frames.
        await WaitUntil(() => cameraStates.Any(m => m.State == "ended") && !stats.IsEmpty);
        Assert.Contains(cameraStates, m => m.State == "streaming");
        var camera = Assert.Single(stats.Last().Cameras);
        Assert.Equal("forecourt", camera.CameraId);
        Assert.True(camera.FramesPerSecond > 0 && camera.StageMs["inference"] > 0);

        var all = published.Values.ToList();
        var events = all.Where(e => e.Kind != DecisionPointKind.LineCross).ToList();
        Assert.Contains(events, e => e.Kind == DecisionPointKind.ZoneExit);
        var stored = await _aggregator.Http.GetFromJsonAsync<JsonElement>("/api/stores/demo-store/events?limit=10000");
        Assert.Equal(all.Count, stored.EnumerateArray().Count());

        var kpis = await _aggregator.Http.GetFromJsonAsync<JsonElement>("/api/stores/demo-store/kpis");
        var zones = kpis.GetProperty("zones").EnumerateArray().ToDictionary(z => z.GetProperty("zoneId").GetString()!);
        foreach (var zone in events.GroupBy(e => e.ZoneId))
        {
            var exits = zone.Where(e => e.Kind == DecisionPointKind.ZoneExit).Select(e => e.DwellSeconds!.Value).OrderBy(d => d).ToList();
            var api = zones[zone.Key];
            Assert.Equal(zone.Count(e => e.Kind == DecisionPointKind.ZoneEnter), api.GetProperty("visits").GetInt32());
            Assert.Equal(exits.Count, api.GetProperty("completedVisits").GetInt32());
            Assert.Equal(exits.Average(), api.GetProperty("meanDwellSeconds").GetDouble(), 6);
            var median = exits.Count % 2 == 1 ? exits[exits.Count / 2] : (exits[exits.Count / 2 - 1] + exits[exits.Count / 2]) / 2;
            // The median comes from the dwell histogram: within a quarter second of the exact one.
            Assert.InRange(api.GetProperty("medianDwellSeconds").GetDouble(), median - 0.25, median + 0.25);
            Assert.Equal(zone.Count(e => e.DwellClass == DwellClass.Engaged), api.GetProperty("engaged").GetInt32());
        }
        foreach (var line in kpis.GetProperty("lines").EnumerateArray())
        {
            var crossings = all.Where(e => e.Kind == DecisionPointKind.LineCross && e.ZoneId == line.GetProperty("lineId").GetString()).ToList();
            Assert.Equal(crossings.Count(e => e.Direction == LineDirection.In), line.GetProperty("in").GetInt32());
            Assert.Equal(crossings.Count(e => e.Direction == LineDirection.Out), line.GetProperty("out").GetInt32());
        }
        Assert.Equal(events.Select(e => e.ZoneId).Distinct().Count(), zones.Count);

        using var heatmap = await _aggregator.Http.GetAsync("/api/stores/demo-store/heatmap.png");
        Assert.Equal("image/png", heatmap.Content.Headers.ContentType?.MediaType);
        Assert.True((await heatmap.Content.ReadAsByteArrayAsync()).Length > 1000);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition(), "the observer did not receive the published events in time");
    }

    public async Task DisposeAsync() => await _aggregator.DisposeAsync();
}
