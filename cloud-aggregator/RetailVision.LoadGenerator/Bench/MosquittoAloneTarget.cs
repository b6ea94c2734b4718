using RetailVision.LoadGenerator.LocalServices;
using RetailVision.LoadGenerator.Measurement;

namespace RetailVision.LoadGenerator.Bench;

/// <summary>The limit for the external-broker mode: Debian's mosquitto with the deployed configuration, and a subscriber that stores nothing.</summary>
public sealed class MosquittoAloneTarget : IIngestTarget
{
    private readonly Mosquitto _mosquitto;
    private readonly SubscriberObserver _subscriber;

    private MosquittoAloneTarget(Mosquitto mosquitto, string aggregatorPassword)
    {
        _mosquitto = mosquitto;
        _subscriber = new SubscriberObserver("127.0.0.1", mosquitto.Port, Mosquitto.AggregatorUser, aggregatorPassword, Contracts.MqttTopics.DefaultPrefix);
    }

    public int Port => _mosquitto.Port;

    public IStorageObserver Observer => _subscriber;

    public static async Task<IIngestTarget> StartAsync(string directory, BenchLogins logins) =>
        new MosquittoAloneTarget(await Mosquitto.StartAsync(directory, RepositoryLayout.DeployedMosquitto, logins.MosquittoUsers), logins.AggregatorPassword);

    public Task<IReadOnlyDictionary<Guid, int>> AuditAsync(IReadOnlyCollection<string> storeIds, CancellationToken cancellationToken) =>
        _subscriber.CountAsync(storeIds, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        _mosquitto.Dispose();
    }
}
