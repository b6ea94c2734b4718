using System.Diagnostics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using RetailVision.Contracts;

namespace RetailVision.LoadGenerator.Load;

/// <summary>
/// One simulated store box: one MQTT 5 connection with the store's own login, its cameras taking turns, QoS 1
/// publishes with at most a window of them unacknowledged, at the store's share of the load's rate (or as fast as
/// the window allows). A publish the window holds back goes out late; none is skipped.
/// </summary>
public sealed class StorePublisher : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly IReadOnlyList<CameraReplay> _cameras;
    private readonly SemaphoreSlim _window;
    private readonly int _windowSize;
    private readonly PublishLedger _ledger;
    private readonly string _topicPrefix;
    private int _nextCamera;
    private long _failures;

    private StorePublisher(IMqttClient client, IReadOnlyList<CameraReplay> cameras, int window, PublishLedger ledger, string topicPrefix)
    {
        _client = client;
        _cameras = cameras;
        _window = new SemaphoreSlim(window, window);
        _windowSize = window;
        _ledger = ledger;
        _topicPrefix = topicPrefix;
    }

    /// <summary>Publishes that the broker refused or that a lost connection left without an answer.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public static async Task<StorePublisher> ConnectAsync(string host, int port, string storeId, string password, IReadOnlyList<CameraReplay> cameras,
        int window, PublishLedger ledger, string topicPrefix, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(host, port).WithClientId(MqttClientIds.Edge(storeId, "loadgen")).WithCredentials(storeId, password)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithCleanStart(true).WithTimeout(TimeSpan.FromSeconds(30)).Build(), cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new InvalidOperationException($"the broker at {host}:{port} refused store '{storeId}': {result.ResultCode} {result.ReasonString}");
        }
        return new StorePublisher(client, cameras, window, ledger, topicPrefix);
    }

    /// <summary>Publishes until <paramref name="until"/> (a Stopwatch timestamp), then waits for the window to empty.</summary>
    /// <param name="eventsPerSecond">This store's rate; 0: as fast as the window allows.</param>
    public async Task RunAsync(double eventsPerSecond, long until, CancellationToken cancellationToken)
    {
        var interval = eventsPerSecond > 0 ? (long)(Stopwatch.Frequency / eventsPerSecond) : 0;
        // Stores start spread over one interval, so that a fixed rate does not arrive in bursts of one per store.
        var next = Stopwatch.GetTimestamp() + (long)(Random.Shared.NextDouble() * interval);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (interval > 0)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
                next += interval;
            }
            if (Stopwatch.GetTimestamp() >= until) break;
            await _window.WaitAsync(cancellationToken);
            var camera = _cameras[_nextCamera];
            _nextCamera = (_nextCamera + 1) % _cameras.Count;
            _ = PublishOneAsync(camera);
        }
        for (var i = 0; i < _windowSize; i++) await _window.WaitAsync(cancellationToken);
        _window.Release(_windowSize);
    }

    private async Task PublishOneAsync(CameraReplay camera)
    {
        try
        {
            var e = camera.Next(DateTimeOffset.UtcNow);
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(MqttTopics.Events(_topicPrefix, camera.StoreId, camera.CameraId))
                .WithPayload(ContractJson.Serialize(e))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            var record = _ledger.Sent(e.EventId, camera.StoreId);
            try
            {
                var result = await _client.PublishAsync(message);
                if (result.IsSuccess) Volatile.Write(ref record.AckedAt, Stopwatch.GetTimestamp());
                else Interlocked.Increment(ref _failures);
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                Interlocked.Increment(ref _failures);
            }
        }
        finally
        {
            _window.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync();
        _client.Dispose();
        _window.Dispose();
    }
}
