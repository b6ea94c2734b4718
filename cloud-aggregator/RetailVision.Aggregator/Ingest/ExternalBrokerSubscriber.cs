using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using Polly;
using RetailVision.Aggregator.Broker;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Runtime;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Ingest;

/// <summary>
/// External-broker mode: one MQTT client with a persistent session (clean start off, long session expiry) subscribed
/// at QoS 1 to every store's events and heatmaps. A message is acknowledged only once the batch holding it is durable;
/// when storing fails the client reconnects without acknowledging, and the broker redelivers it from the session.
/// </summary>
public sealed class ExternalBrokerSubscriber(
    IngestPipeline pipeline,
    IOptions<AggregatorOptions> options,
    BrokerStatus status,
    ILogger<ExternalBrokerSubscriber> logger) : BackgroundService
{
    private static readonly TimeSpan SessionExpiry = TimeSpan.FromDays(7);
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ResiliencePipeline _reconnect = ReconnectRetry.Create(
        _ => true,
        (ex, delay) => logger.LogWarning("MQTT broker {Host}:{Port} unavailable ({Reason}); retrying in {Delay} s",
            options.Value.Broker.Host, options.Value.Broker.Port, ex.Message, delay.TotalSeconds));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        try
        {
            while (true)
            {
                if (!_client.IsConnected)
                {
                    status.IsRunning = false;
                    // Each outage starts its backoff again from the first delay.
                    await _reconnect.ExecuteAsync(static (self, token) => new ValueTask(self.ConnectAndSubscribeAsync(token)), this, stoppingToken);
                    status.IsRunning = true;
                }
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: fall through to disconnect.
        }
        status.IsRunning = false;
        if (_client.IsConnected) await _client.DisconnectAsync();
    }

    private async Task ConnectAndSubscribeAsync(CancellationToken cancellationToken)
    {
        var broker = options.Value.Broker;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(broker.ClientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)SessionExpiry.TotalSeconds)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (!string.IsNullOrEmpty(broker.Username)) builder.WithCredentials(broker.Username, broker.Password);
        // ConnectAsync does not throw when the broker refuses: the result code says so.
        var connected = await _client.ConnectAsync(builder.Build(), cancellationToken);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
            throw new InvalidOperationException($"the broker refused the connection: {connected.ResultCode} {connected.ReasonString}");

        var prefix = options.Value.TopicPrefix;
        var share = broker.SharedSubscriptionGroup is { Length: > 0 } group ? $"$share/{group}/" : "";
        var subscription = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(share + MqttTopics.AllStores(prefix, MqttTopics.EventsLeaf), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(share + MqttTopics.AllStores(prefix, MqttTopics.HeatmapLeaf), MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var subscribed = await _client.SubscribeAsync(subscription, cancellationToken);
        foreach (var item in subscribed.Items)
            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                throw new InvalidOperationException($"the broker refused the subscription to {item.TopicFilter.Topic}: {item.ResultCode}");
        logger.LogInformation("Subscribed to {Host}:{Port} as '{ClientId}'{Share} (session present: {SessionPresent})",
            broker.Host, broker.Port, broker.ClientId, share.Length > 0 ? $" in shared group '{broker.SharedSubscriptionGroup}'" : "", connected.IsSessionPresent);
    }

    /// <summary>
    /// Queues the message and returns, so the next ones can join the same batch; it is acknowledged once its batch is
    /// durable. While the queue is full this waits, and with it the receiving: the broker holds back the rest.
    /// </summary>
    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        args.AutoAcknowledge = false;
        var stored = await pipeline.EnqueueAsync(args.ApplicationMessage.Topic, args.ApplicationMessage.Payload, CancellationToken.None);
        _ = AcknowledgeWhenStoredAsync(args, stored);
    }

    private async Task AcknowledgeWhenStoredAsync(MqttApplicationMessageReceivedEventArgs args, Task<IngestOutcome> stored)
    {
        var outcome = await stored;
        try
        {
            if (outcome.MayAcknowledge)
            {
                await args.AcknowledgeAsync(CancellationToken.None);
                return;
            }
            // Unacknowledged, the message stays in the session: reconnecting makes the broker deliver it again.
            await _client.DisconnectAsync();
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or ObjectDisposedException)
        {
            // The connection went first; the broker redelivers what was not acknowledged.
            logger.LogDebug("Acknowledgement not sent: {Reason}", ex.Message);
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }
}
