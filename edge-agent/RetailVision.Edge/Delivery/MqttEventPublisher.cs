using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using Polly;
using Polly.Retry;
using RetailVision.Contracts;
using RetailVision.Edge.Configuration;

namespace RetailVision.Edge.Delivery;

/// <summary>
/// Publishes events to the aggregator's broker at QoS 1 from a background loop, so the frame loop only enqueues.
/// Messages wait in a durable <see cref="EventOutbox"/> and leave it, oldest first, only after the broker acknowledged
/// them; while the broker is unreachable the loop retries with jittered exponential backoff, and entries left by a previous
/// run are sent before new ones. Announces the store as online on a retained status topic, with a last will of offline.
/// Telemetry (camera status, stats) is not queued durably: only the latest message per topic waits for a connection,
/// and retained ones are published again after every reconnect.
/// </summary>
public sealed class MqttEventPublisher : IEventSink, IAsyncDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    // Short enough that deliveries resume within seconds of a long outage ending.
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(8);
    private readonly StoreConfig _config;
    private readonly ILogger _logger;
    private readonly EventOutbox _outbox;
    // Wakes the sender when something is enqueued; one pending signal is enough, so extra ones are dropped.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, (byte[] Payload, bool Retain)> _telemetryDue = [];
    private readonly Dictionary<string, byte[]> _retained = [];
    private readonly ResiliencePipeline _retry;
    private readonly Task _loop;
    private long _delivered;

    /// <summary>Publishes through <paramref name="outbox"/>, which the caller owns and disposes after this publisher.</summary>
    public MqttEventPublisher(StoreConfig config, EventOutbox outbox, ILogger logger)
    {
        _config = config;
        _outbox = outbox;
        _logger = logger;
        _retry = CreateRetry();
        _loop = Task.Run(RunAsync);
    }

    public string StatusTopic => MqttTopics.StoreStatus(_config.TopicPrefix, _config.StoreId);

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Pending => _outbox.Count;

    private int TelemetryDue
    {
        get { lock (_telemetryDue) return _telemetryDue.Count; }
    }

    public void Publish(DecisionPointEvent decisionPoint) =>
        Enqueue(MqttTopics.Events(_config.TopicPrefix, decisionPoint.StoreId, decisionPoint.CameraId), ContractJson.Serialize(decisionPoint));

    public void Publish(HeatmapSnapshot snapshot) =>
        Enqueue(MqttTopics.Heatmap(_config.TopicPrefix, snapshot.StoreId, snapshot.CameraId), ContractJson.Serialize(snapshot));

    /// <summary>Sends <paramref name="payload"/> on <paramref name="topic"/> when connected, replacing any not yet sent on it.</summary>
    public void PublishTelemetry(string topic, byte[] payload, bool retain)
    {
        lock (_telemetryDue)
        {
            _telemetryDue[topic] = (payload, retain);
            if (retain) _retained[topic] = payload;
        }
        _wake.Writer.TryWrite(true);
    }

    /// <summary>
    /// Waits until every queued message was acknowledged and the latest telemetry sent; false when
    /// <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<bool> FlushAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Pending > 0 || TelemetryDue > 0)
        {
            if (DateTime.UtcNow >= deadline || _loop.IsCompleted) return false;
            await Task.Delay(20);
        }
        return true;
    }

    private void Enqueue(string topic, byte[] payload)
    {
        _outbox.Enqueue(topic, payload);
        _wake.Writer.TryWrite(true);
    }

    // Retries a failed delivery step forever, from FirstBackoff doubling to MaxBackoff. The jitter keeps a store's boxes
    // from all reconnecting in the same instant after a broker restart. A step that succeeds ends its call, so the next
    // failure starts again from FirstBackoff.
    private ResiliencePipeline CreateRetry() =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstBackoff,
                MaxDelay = MaxBackoff,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex
                    && !(ex is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),
                OnRetry = args =>
                {
                    _logger.LogWarning("MQTT delivery to {Host}:{Port} failed ({Reason}); retrying in {Delay:0.0} s with {Pending} events queued",
                        _config.Broker.Host, _config.Broker.Port, args.Outcome.Exception!.Message, args.RetryDelay.TotalSeconds, Pending);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    private async Task RunAsync()
    {
        var token = _stop.Token;
        try
        {
            while (true)
                await _retry.ExecuteAsync(static (self, cancellation) => self.DeliverNextAsync(cancellation), this, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping: DisposeAsync says goodbye to the broker.
        }
    }

    // One step: connect when needed, send the due telemetry, then publish the oldest queued event or wait for one.
    private async ValueTask DeliverNextAsync(CancellationToken token)
    {
        if (!_client.IsConnected) await ConnectAsync(token);
        await SendTelemetryAsync(token);
        if (!_outbox.TryPeekOldest(out var current))
        {
            await _wake.Reader.ReadAsync(token);
            return;
        }
        var result = await _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(current.Topic)
            .WithPayload(current.Payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), token);
        if (!result.IsSuccess)
            throw new InvalidOperationException($"broker refused {current.Topic}: {result.ReasonCode} {result.ReasonString}");
        // Deleted only after the PUBACK: a crash before this line sends it again (at-least-once).
        _outbox.Acknowledge(current.Sequence);
        Interlocked.Increment(ref _delivered);
    }

    private async Task SendTelemetryAsync(CancellationToken token)
    {
        while (true)
        {
            string topic;
            (byte[] Payload, bool Retain) message;
            lock (_telemetryDue)
            {
                if (_telemetryDue.Count == 0) return;
                (topic, message) = _telemetryDue.First();
                _telemetryDue.Remove(topic);
            }
            var builder = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(message.Payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(message.Retain);
            var result = await _client.PublishAsync(builder.Build(), token);
            if (!result.IsSuccess) _logger.LogWarning("Broker refused telemetry on {Topic}: {Reason}", topic, result.ReasonCode);
        }
    }

    private async Task ConnectAsync(CancellationToken token)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_config.Broker.Host, _config.Broker.Port)
            .WithClientId(MqttClientIds.Edge(_config.StoreId, _config.AgentId))
            .WithCleanStart(false)
            .WithSessionExpiryInterval(24 * 3600)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithWillTopic(StatusTopic)
            .WithWillPayload("offline"u8.ToArray())
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (_config.Broker.Username is not null) builder.WithCredentials(_config.Broker.Username, _config.Broker.Password);
        if (_config.Broker.UseTls)
        {
            var authority = _config.Broker.CaCertificatePath is { } caPath ? BrokerCertificateAuthority.Load(caPath) : null;
            builder.WithTlsOptions(o =>
            {
                o.UseTls();
                if (authority is not null) o.WithCertificateValidationHandler(args => authority.Validates(args.Certificate, args.SslPolicyErrors));
            });
        }
        // ConnectAsync does not throw when the broker refuses: the result code says so.
        var result = await _client.ConnectAsync(builder.Build(), token);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
            throw new InvalidOperationException($"broker refused the connection: {result.ResultCode} {result.ReasonString}");
        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(StatusTopic).WithPayload("online"u8.ToArray())
            .WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), token);
        // A broker restarted without persistence forgot the retained camera states: say them again.
        lock (_telemetryDue)
            foreach (var (topic, payload) in _retained)
                _telemetryDue.TryAdd(topic, (payload, true));
        _logger.LogInformation("Connected to MQTT broker {Host}:{Port} as store {Store}", _config.Broker.Host, _config.Broker.Port, _config.StoreId);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        if (_client.IsConnected)
        {
            await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(StatusTopic).WithPayload("offline"u8.ToArray())
                .WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await _client.DisconnectAsync();
        }
        _client.Dispose();
        _stop.Dispose();
    }
}
