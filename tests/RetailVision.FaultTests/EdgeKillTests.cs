using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests;

/// <summary>(b) The edge is SIGKILLed at random moments of its run and started again each time.</summary>
public sealed class EdgeKillTests(ITestOutputHelper output)
{
    private const int Kills = 5;

    [Fact]
    public async Task Every_audited_event_is_delivered_exactly_once_across_5_edge_kills()
    {
        using var scenario = DeliveryScenario.Embedded(output, new StoreLogin("demo-store", "demo-password"));
        await scenario.Aggregator.StartAsync();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var moments = new List<double>();
        for (var i = 0; i < Kills; i++)
        {
            scenario.Edge.Start();
            // From while the model loads and the outbox replays (the first 3–4 s) to well into publishing.
            var moment = 3 + random.NextDouble() * 12;
            moments.Add(Math.Round(moment, 1));
            await Task.Delay(TimeSpan.FromSeconds(moment));
            scenario.Edge.Kill();
        }

        var report = await scenario.FinishAsync();
        report.With("kills", Kills).With("kill-after-s", string.Join('/', moments)).With("seed", seed)
            .Publish(nameof(Every_audited_event_is_delivered_exactly_once_across_5_edge_kills), output);
        DeliveryScenario.AssertExactlyOnce(report, edgeKills: Kills + 1);
        scenario.Folder.Keep = false;
    }
}
