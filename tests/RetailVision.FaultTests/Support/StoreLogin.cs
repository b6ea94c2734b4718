using RetailVision.Aggregator.Security;

namespace RetailVision.FaultTests.Support;

/// <summary>A store's broker login (user name = store id) and the embedded broker's settings that admit it.</summary>
/// <param name="Iterations">PBKDF2 iterations of the stored hash: the cheapest allowed unless a test measures the cost of a check.</param>
public sealed record StoreLogin(string StoreId, string Password, int Iterations = StorePasswordHash.MinIterations)
{
    public IEnumerable<string> AggregatorSettings(int index) =>
    [
        $"--Aggregator:Broker:Stores:{index}:StoreId={StoreId}",
        $"--Aggregator:Broker:Stores:{index}:PasswordHash={StorePasswordHash.Create(Password, Iterations)}",
    ];
}
