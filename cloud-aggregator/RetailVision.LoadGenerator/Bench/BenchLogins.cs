using RetailVision.Aggregator.Security;
using RetailVision.LoadGenerator.LocalServices;

namespace RetailVision.LoadGenerator.Bench;

/// <summary>The logins of a benchmark run: every simulated store's, and the aggregators' on mosquitto.</summary>
public sealed class BenchLogins(IReadOnlyList<string> storeIds, string storePassword)
{
    public string AggregatorPassword { get; } = Convert.ToHexString(Guid.NewGuid().ToByteArray());

    public IReadOnlyDictionary<string, string> MosquittoUsers =>
        storeIds.Append(Mosquitto.AggregatorUser).ToDictionary(u => u, u => u == Mosquitto.AggregatorUser ? AggregatorPassword : storePassword);

    /// <summary>The embedded broker's store list, with the cheapest hash it accepts: the run measures ingest, not logins.</summary>
    public IEnumerable<string> EmbeddedStoreSettings() => storeIds.SelectMany((store, i) => new[]
    {
        $"--Aggregator:Broker:Stores:{i}:StoreId={store}",
        $"--Aggregator:Broker:Stores:{i}:PasswordHash={StorePasswordHash.Create(storePassword, StorePasswordHash.MinIterations)}",
    });
}
