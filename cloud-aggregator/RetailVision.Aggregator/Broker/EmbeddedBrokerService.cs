using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
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
    private X509Certificate2? _certificate;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var broker = options.Value.Broker;
        var builder = new MqttServerOptionsBuilder()
            .WithPersistentSessions()
            // MQTTnet keeps 1000 messages per offline subscriber and then drops the oldest silently.
            .WithMaxPendingMessagesPerClient(broker.MaxPendingMessagesPerClient);
        if (broker.PlainListener) builder.WithDefaultEndpoint().WithDefaultEndpointPort(broker.Port);
        else builder.WithoutDefaultEndpoint();
        if (broker.Tls.IsEnabled)
        {
            _certificate = ServerCertificate.Load(broker.Tls);
            builder.WithEncryptedEndpoint().WithEncryptedEndpointPort(broker.Tls.Port).WithEncryptionCertificate(_certificate)
                .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13);
        }
        var serverOptions = builder.Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += authenticator.ValidateAsync;
        _server.InterceptingPublishAsync += publishInterceptor.InterceptAsync;
        _server.InterceptingSubscriptionAsync += subscriptionInterceptor.InterceptAsync;
        _server.QueuedApplicationMessageOverwrittenAsync += LogOverwrittenAsync;
        await _server.StartAsync();
        status.IsRunning = true;
        logger.LogInformation("Embedded MQTT broker listening on {Listeners} (anonymous clients {Anonymous}, {Stores} stores)",
            Listeners(broker), broker.AllowAnonymous ? "allowed" : "refused", broker.Stores.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        status.IsRunning = false;
        if (_server is not null) await _server.StopAsync();
    }

    public void Dispose()
    {
        _server?.Dispose();
        _certificate?.Dispose();
    }

    private static string Listeners(BrokerOptions broker) =>
        string.Join(" and ", new[]
        {
            broker.PlainListener ? $"port {broker.Port}" : null,
            broker.Tls.IsEnabled ? $"TLS port {broker.Tls.Port}" : null,
        }.OfType<string>());

    private Task LogOverwrittenAsync(QueueMessageOverwrittenEventArgs args)
    {
        logger.LogWarning("Dropped the oldest queued message for client '{ClientId}': its queue is full ({Max} messages)",
            args.ReceiverClientId, options.Value.Broker.MaxPendingMessagesPerClient);
        return Task.CompletedTask;
    }
}
