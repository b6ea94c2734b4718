using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Server;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// The MQTT broker the stores publish to, hosted in the aggregator: authenticates stores, applies the ACL and stores
/// every publish before acknowledging it. Sessions persist in memory only, so the database, not the broker, is the
/// durable copy.
/// </summary>
public sealed class EmbeddedBrokerService(
    IOptions<AggregatorOptions> options,
    ConnectionAuthenticator authenticator,
    PublishInterceptor publishInterceptor,
    SubscriptionInterceptor subscriptionInterceptor,
    BrokerStatus status,
    ILogger<EmbeddedBrokerService> logger) : IHostedService, IDisposable
{
    private MqttServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var broker = options.Value.Broker;
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(broker.Port)
            .WithPersistentSessions()
            // MQTTnet keeps 1000 messages per offline subscriber and then drops the oldest silently.
            .WithMaxPendingMessagesPerClient(broker.MaxPendingMessagesPerClient)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += authenticator.ValidateAsync;
        _server.InterceptingPublishAsync += publishInterceptor.InterceptAsync;
        _server.InterceptingSubscriptionAsync += subscriptionInterceptor.InterceptAsync;
        _server.QueuedApplicationMessageOverwrittenAsync += LogOverwrittenAsync;
        await _server.StartAsync();
        status.IsRunning = true;
        logger.LogInformation("Embedded MQTT broker listening on port {Port} (anonymous clients {Anonymous}, {Stores} stores)",
            broker.Port, broker.AllowAnonymous ? "allowed" : "refused", broker.Stores.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        status.IsRunning = false;
        if (_server is not null) await _server.StopAsync();
    }

    public void Dispose() => _server?.Dispose();

    private Task LogOverwrittenAsync(QueueMessageOverwrittenEventArgs args)
    {
        logger.LogWarning("Dropped the oldest queued message for client '{ClientId}': its queue is full ({Max} messages)",
            args.ReceiverClientId, options.Value.Broker.MaxPendingMessagesPerClient);
        return Task.CompletedTask;
    }
}
