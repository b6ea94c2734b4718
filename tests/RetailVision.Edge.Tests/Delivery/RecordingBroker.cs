using System.Collections.Concurrent;
using System.Buffers;
using MQTTnet.Server;

namespace RetailVision.Edge.Tests.Delivery;

/// <summary>A real MQTTnet broker on a loopback port that remembers every message published to it, in arrival order.</summary>
public sealed class RecordingBroker : IAsyncDisposable
{
    private readonly MqttServer _server;
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _received = new();

    private RecordingBroker(int port)
    {
        _server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).Build());
        _server.InterceptingPublishAsync += args =>
        {
            _received.Enqueue((args.ApplicationMessage.Topic, args.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<(string Topic, byte[] Payload)> Received => [.. _received];

    public static async Task<RecordingBroker> StartAsync(int port)
    {
        var broker = new RecordingBroker(port);
        await broker._server.StartAsync();
        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }
}
