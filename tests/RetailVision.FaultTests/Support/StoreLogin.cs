using RetailVision.Aggregator.Security;

namespace RetailVision.FaultTests.Support;

/// <summary>A store's broker login (user name = store id) and the embedded broker's settings that admit it.</summary>
public sealed record StoreLogin(string StoreId, string Password)
{
    public IEnumerable<string> AggregatorSettings(int index) =>
    [
        $"--Aggregator:Broker:Stores:{index}:StoreId={StoreId}",
        $"--Aggregator:Broker:Stores:{index}:PasswordHash={StorePasswordHash.Create(Password, StorePasswordHash.MinIterations)}",
    ];
}
