using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Server;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Broker;

/// <summary>Attaches the login, ACL, ingest and queue-bound handlers to the hosted MQTT server, and tracks whether it runs.</summary>
public sealed class EmbeddedBrokerEvents(
    MqttServer server,
    IOptions<AggregatorOptions> options,
    ConnectionAuthenticator authenticator,
    PublishInterceptor publishInterceptor,
    SubscriptionInterceptor subscriptionInterceptor,
    SessionQueueTracker queueTracker,
    BrokerStatus status,
    ILogger<EmbeddedBrokerEvents> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var broker = options.Value.Broker;
        server.ValidatingConnectionAsync += authenticator.ValidateAsync;
        server.InterceptingPublishAsync += publishInterceptor.InterceptAsync;
        server.InterceptingSubscriptionAsync += subscriptionInterceptor.InterceptAsync;
        queueTracker.Attach(server);
        server.StartedAsync += _ =>
        {
            status.IsRunning = true;
            logger.LogInformation("Embedded MQTT broker listening on {Listeners} (anonymous clients {Anonymous}, {Stores} stores)",
                Listeners(broker), broker.AllowAnonymous ? "allowed" : "refused", broker.Stores.Count);
            return Task.CompletedTask;
        };
        server.StoppedAsync += _ =>
        {
            status.IsRunning = false;
            return Task.CompletedTask;
        };
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        status.IsRunning = false;
        return Task.CompletedTask;
    }

    private static string Listeners(BrokerOptions broker) =>
        string.Join(" and ", new[]
        {
            broker.PlainListener ? $"{broker.BindAddress} port {broker.Port}" : null,
            broker.Tls.IsEnabled ? $"{broker.BindAddress} TLS port {broker.Tls.Port}" : null,
        }.OfType<string>());
}
