using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MQTTnet.AspNetCore;
using MQTTnet.Server;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// The MQTT broker the stores publish to, hosted in the aggregator's Kestrel server: MQTTnet's broker behind Kestrel
/// listeners (plain and TLS) with the <see cref="MqttConnectionGuard"/> in front of it. Kestrel owns the sockets, so
/// size limits and timeouts apply before the broker reads a packet. Sessions persist in memory only: the database,
/// not the broker, is the durable copy.
/// </summary>
public static class EmbeddedBroker
{
    public static void AddEmbeddedBroker(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(sp => new PreLoginBudget(Options(sp).Broker.Limits.PreLoginBudgetBytes));
        services.AddSingleton<MqttConnectionGuard>(sp => new MqttConnectionGuard(Options(sp).Broker.Limits, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RefusalLog>(), sp.GetRequiredService<PreLoginBudget>()));
        services.AddSingleton(sp => new CredentialVerifier(Options(sp).Broker, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ClientProtocols>();
        services.AddSingleton<ConnectionAuthenticator>();
        services.AddSingleton(sp => new QueueBudget(Options(sp).Broker.Queues, Options(sp).Broker.MaxPendingMessagesPerClient));
        services.AddSingleton<SessionQueueTracker>();
        services.AddSingleton(sp => new RetainedBudget(Options(sp).Broker.Limits.MaxRetainedMessagesPerStore, Options(sp).Broker.Limits.MaxRetainedBytesPerStore));
        services.AddSingleton<PublishInterceptor>();
        services.AddSingleton<SubscriptionInterceptor>();
        // Registered before the MQTT server so the handlers are attached before it accepts a client.
        services.AddSingleton<IHostedService, EmbeddedBrokerEvents>();
        services.AddHostedMqttServerWithServices(server => server.WithoutDefaultEndpoint().WithPersistentSessions()
            // MQTTnet's message bound backs up the SessionQueueTracker's. Dropping the oldest would not free it:
            // MQTTnet 5.2 keeps a QoS 1 message it pushed out of the queue in the session's unacknowledged list.
            .WithMaxPendingMessagesPerClient(Options(server.ServiceProvider).Broker.MaxPendingMessagesPerClient)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropNewMessage));
        services.AddMqttConnectionHandler();
        services.AddConnections();
        builder.WebHost.ConfigureKestrel(kestrel => Listen(kestrel, Options(kestrel.ApplicationServices).Broker));
    }

    private static AggregatorOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<AggregatorOptions>>().Value;

    private static void Listen(KestrelServerOptions kestrel, BrokerOptions broker)
    {
        var guard = kestrel.ApplicationServices.GetRequiredService<MqttConnectionGuard>();
        if (broker.PlainListener)
            kestrel.Listen(BindAddress(broker), broker.Port, listener => listener.Use(next => c => guard.OnConnectionAsync(c, next)).UseMqtt());
        if (!broker.Tls.IsEnabled) return;
        var certificate = ServerCertificate.Load(broker.Tls);
        kestrel.Listen(BindAddress(broker), broker.Tls.Port, listener =>
        {
            listener.UseHttps(certificate, https => https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13);
            listener.Use(next => c => guard.OnConnectionAsync(c, next)).UseMqtt();
        });
    }

    private static IPAddress BindAddress(BrokerOptions broker) => IPAddress.Parse(broker.BindAddress);
}
