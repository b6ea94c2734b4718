using RetailVision.FaultTests.Support;
using RetailVision.Tests.Shared;

namespace RetailVision.FaultTests.Attacks;

/// <summary>The aggregator an attack test runs against: its broker bound to loopback only, started, and not left running if the start fails.</summary>
public static class AttackedAggregator
{
    public static async Task<AggregatorProcess> StartAsync(TestFolder folder, IEnumerable<string> settings)
    {
        var aggregator = new AggregatorProcess(folder.Path, ["--Aggregator:Broker:BindAddress=127.0.0.1", .. settings], FreePort.Next());
        try
        {
            await aggregator.StartAsync();
            return aggregator;
        }
        catch
        {
            aggregator.Dispose();
            throw;
        }
    }
}
