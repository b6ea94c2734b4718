using RetailVision.LoadGenerator.LocalServices;
using RetailVision.LoadGenerator.Measurement;

namespace RetailVision.LoadGenerator.Bench;

/// <summary>
/// A broker's limit: the broker alone in its own process and a QoS 1 subscriber that stores nothing. MQTTnet's bare
/// broker is the embedded mode's limit; Debian's mosquitto with the deployed configuration is the chain mode's.
/// </summary>
public sealed class BrokerAloneTarget(IDisposable broker, int port, SubscriberObserver subscriber) : IIngestTarget
{
    public int Port => port;

    public IStorageObserver Observer => subscriber;

    public static async Task<IIngestTarget> StartBareAsync(string directory)
    {
        var port = FreePort.Next();
        var broker = await BareBroker.StartAsync(directory, port);
        return new BrokerAloneTarget(broker, port, new SubscriberObserver("127.0.0.1", port, null, null, Contracts.MqttTopics.DefaultPrefix));
    }

    public static async Task<IIngestTarget> StartMosquittoAsync(string directory, BenchLogins logins)
    {
        var mosquitto = await Mosquitto.StartAsync(directory, logins.MosquittoUsers);
        return new BrokerAloneTarget(mosquitto, mosquitto.Port,
            new SubscriberObserver("127.0.0.1", mosquitto.Port, Mosquitto.AggregatorUser, logins.AggregatorPassword, Contracts.MqttTopics.DefaultPrefix));
    }

    public Task<IReadOnlyDictionary<Guid, int>> AuditAsync(IReadOnlyCollection<string> storeIds, CancellationToken cancellationToken) =>
        subscriber.CountAsync(storeIds, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await subscriber.DisposeAsync();
        broker.Dispose();
    }
}
