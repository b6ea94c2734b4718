using System.Diagnostics;
using MQTTnet;
using MQTTnet.Formatter;

namespace RetailVision.FaultTests.Support;

/// <summary>
/// A store's box as the broker sees it: a real MQTTnet client that publishes valid QoS 1 events at a fixed rate and
/// records, for each, when it went out, how long the PUBACK took and whether it said success; and how often the broker
/// dropped the connection. The rate it keeps and its ack latency are what an attack must leave alone.
/// </summary>
public sealed class SteadyPublisher : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly string _storeId;
    private readonly TimeSpan _interval;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Publication> _sent = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _publishing = Task.CompletedTask;
    private int _disconnects;
    private volatile bool _stopping;

    private SteadyPublisher(IMqttClient client, string storeId, double perSecond)
    {
        _client = client;
        _storeId = storeId;
        _interval = TimeSpan.FromSeconds(1 / perSecond);
        client.DisconnectedAsync += _ =>
        {
            if (!_stopping) Interlocked.Increment(ref _disconnects);
            return Task.CompletedTask;
        };
    }

    public MqttClientConnectResult Connected { get; private set; } = null!;

    /// <summary>Times the broker closed this client's connection (its own disconnect at the end not counted).</summary>
    public int Disconnects => Volatile.Read(ref _disconnects);

    /// <summary>Time on this publisher's clock, to mark the phases of a test.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public static async Task<SteadyPublisher> StartAsync(int port, StoreLogin login, string clientId, double perSecond,
        MqttProtocolVersion protocol = MqttProtocolVersion.V500, bool cleanStart = true)
    {
        var publisher = new SteadyPublisher(new MqttClientFactory().CreateMqttClient(), login.StoreId, perSecond);
        publisher.Connected = await publisher._client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port).WithClientId(clientId).WithCredentials(login.StoreId, login.Password)
            .WithProtocolVersion(protocol).WithCleanStart(cleanStart).WithTimeout(TimeSpan.FromSeconds(10)).Build());
        publisher._publishing = publisher.PublishAsync();
        return publisher;
    }

    public IReadOnlyList<Publication> Sent
    {
        get
        {
            lock (_sent) return [.. _sent];
        }
    }

    /// <summary>The publications sent between two moments of <see cref="Now"/>.</summary>
    public PublishWindow Between(TimeSpan from, TimeSpan to)
    {
        var sent = Sent.Where(p => p.At >= from && p.At < to).ToList();
        var latencies = sent.Where(p => p.Acknowledged).Select(p => p.Latency.TotalMilliseconds).Order().ToList();
        var p99 = latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(0.99 * latencies.Count) - 1)];
        return new PublishWindow(sent.Count, latencies.Count, latencies.Count / (to - from).TotalSeconds, p99, latencies.LastOrDefault());
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _publishing;
        _stopping = true;
        if (_client.IsConnected) await _client.DisconnectAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _client.Dispose();
        _stop.Dispose();
    }

    // Sends at the fixed schedule; a publish that took longer than the interval delays the next, none is skipped.
    private async Task PublishAsync()
    {
        var next = _clock.Elapsed;
        while (!_stop.IsCancellationRequested)
        {
            var wait = next - _clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            next += _interval;
            var payload = StoreEvents.Event(_storeId);
            var at = _clock.Elapsed;
            bool acknowledged;
            try
            {
                acknowledged = (await _client.PublishAsync(StoreEvents.Message(_storeId, payload))).IsSuccess;
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                acknowledged = false;
            }
            lock (_sent) _sent.Add(new Publication(payload.EventId, at, _clock.Elapsed - at, acknowledged));
        }
    }
}

public sealed record Publication(Guid EventId, TimeSpan At, TimeSpan Latency, bool Acknowledged);

/// <summary>Publications sent in a window: how many, how many acknowledged (per second), and the ack latency's p99 and maximum in ms.</summary>
public sealed record PublishWindow(int Sent, int Acknowledged, double AckedPerSecond, double P99Ms, double MaxMs);
