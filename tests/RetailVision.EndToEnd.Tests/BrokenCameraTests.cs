using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using RetailVision.Contracts;
using RetailVision.Edge.Cli.Commands;
using RetailVision.Tests.Shared;

namespace RetailVision.EndToEnd.Tests;

/// <summary>
/// A store with one working camera and one whose stream never opens: the broken one is reported as reconnecting
/// (retained, with the reason) and keeps being retried, while the working one is processed and delivered in full.
/// </summary>
public sealed class BrokenCameraTests : IAsyncLifetime
{
    private EmbeddedAggregator _aggregator = null!;

    public async Task InitializeAsync() => _aggregator = await EmbeddedAggregator.StartAsync("rv-broken-camera-");

    [Fact]
    public async Task A_camera_that_never_opens_is_reported_and_retried_while_the_others_run()
    {
        var states = new ConcurrentQueue<CameraStatusMessage>();
        using var observer = new MqttClientFactory().CreateMqttClient();
        observer.ApplicationMessageReceivedAsync += args =>
        {
            states.Enqueue(JsonSerializer.Deserialize(args.ApplicationMessage.Payload.ToArray(), ContractJson.Default.CameraStatusMessage)!);
            return Task.CompletedTask;
        };
        await observer.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _aggregator.BrokerPort).WithClientId("broken-camera-observer").Build());
        await observer.SubscribeAsync(MqttTopics.CameraStatus("retailvision", "demo-store", "+"), MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);

        var config = VideoClip.StoreConfig(_aggregator.Directory, VideoClip.FromVtest(_aggregator.Directory, 60), _aggregator.BrokerPort);
        var store = JsonNode.Parse(File.ReadAllText(config), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        store["cameras"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "backroom",
            ["source"] = $"rtsp://127.0.0.1:{FreePort.Next()}/nothing-here",
        });
        File.WriteAllText(config, store.ToJsonString());

        using var stop = new CancellationTokenSource();
        var run = RunCommand.RunAsync(NullLoggerFactory.Instance, config, TimeSpan.FromSeconds(30), stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !(states.Any(s => s.CameraId == "forecourt" && s.State == "ended")
                                               && states.Count(s => s.CameraId == "backroom" && s.State == "reconnecting") >= 2))
            await Task.Delay(100);
        await stop.CancelAsync();
        Assert.Equal(0, await run);

        var backroom = states.Where(s => s.CameraId == "backroom").ToList();
        Assert.True(backroom.Count(s => s.State == "reconnecting") >= 2, $"backroom states: {string.Join(", ", backroom.Select(s => s.State))}");
        Assert.All(backroom, s => Assert.NotEqual("streaming", s.State));
        Assert.False(string.IsNullOrWhiteSpace(backroom.Last().Reason));
        Assert.Contains(states, s => s.CameraId == "forecourt" && s.State == "ended");
        var stored = await _aggregator.Http.GetFromJsonAsync<JsonElement>("/api/stores/demo-store/events?limit=10000");
        Assert.True(stored.GetArrayLength() > 0);
        Assert.All(stored.EnumerateArray(), e => Assert.Equal("forecourt", e.GetProperty("cameraId").GetString()));
    }

    public async Task DisposeAsync() => await _aggregator.DisposeAsync();
}
