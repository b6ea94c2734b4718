using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests;

/// <summary>(c) The aggregator, embedded broker included, is SIGKILLed during ingest and restarted at once.</summary>
public sealed class AggregatorKillTests(ITestOutputHelper output)
{
    private const int Kills = 5;

    [Fact]
    public async Task Nothing_acknowledged_is_lost_across_5_aggregator_kills_during_ingest()
    {
        using var scenario = DeliveryScenario.Embedded(output, new StoreLogin("demo-store", "demo-password"));
        await scenario.Aggregator.StartAsync();
        scenario.Edge.Start();
        await Eventually.HoldsAsync(async () => await scenario.StoredCountAsync() >= 3, TimeSpan.FromSeconds(90), "the edge delivers events");

        var figures = await AggregatorKills.RunAsync(scenario, Kills, TimeSpan.Zero);

        var report = await scenario.FinishAsync();
        figures.AddTo(report).Publish(nameof(Nothing_acknowledged_is_lost_across_5_aggregator_kills_during_ingest), output);
        DeliveryScenario.AssertExactlyOnce(report, edgeKills: 1);
        scenario.Folder.Keep = false;
    }
}
