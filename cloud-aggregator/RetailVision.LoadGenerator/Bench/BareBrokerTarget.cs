using RetailVision.LoadGenerator.LocalServices;
using RetailVision.LoadGenerator.Measurement;

namespace RetailVision.LoadGenerator.Bench;

/// <summary>The limit for the embedded mode: MQTTnet's broker alone, in its own process, and a subscriber that stores nothing.</summary>
public sealed class BareBrokerTarget : IIngestTarget
{
    private readonly ChildProcess _broker;
    private readonly SubscriberObserver _subscriber;

    private BareBrokerTarget(ChildProcess broker, int port)
    {
        _broker = broker;
        Port = port;
        _subscriber = new SubscriberObserver("127.0.0.1", port, null, null, Contracts.MqttTopics.DefaultPrefix);
    }

    public int Port { get; }

    public IStorageObserver Observer => _subscriber;

    public static async Task<IIngestTarget> StartAsync(string directory)
    {
        var port = FreePort.Next();
        return new BareBrokerTarget(await BareBroker.StartAsync(directory, port), port);
    }

    public Task<IReadOnlyDictionary<Guid, int>> AuditAsync(IReadOnlyCollection<string> storeIds, CancellationToken cancellationToken) =>
        _subscriber.CountAsync(storeIds, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        _broker.Dispose();
    }
}
