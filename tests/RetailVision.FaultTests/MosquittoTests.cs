using RetailVision.Tests.Shared;
using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests;

/// <summary>
/// (d) Debian's mosquitto with the deploy/mosquitto configuration as the broker, the aggregator its persistent
/// subscriber (clean start off): the aggregator is SIGKILLed and kept down for a while, five times, while the edge
/// publishes; mosquitto holds the messages in the aggregator's session meanwhile.
/// </summary>
public sealed class MosquittoTests(ITestOutputHelper output)
{
    private const int Kills = 5;
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(5);

    [SkippableFact]
    public async Task Nothing_is_lost_when_the_subscribing_aggregator_is_killed_behind_mosquitto()
    {
        Skip.IfNot(Mosquitto.IsInstalled, "mosquitto is not installed (deploy/install-deps.sh installs it)");
        var folder = new TestFolder();
        var store = new StoreLogin("demo-store", "demo-password");
        var subscriber = new StoreLogin(Mosquitto.AggregatorUser, "aggregator-password");
        using var mosquitto = await Mosquitto.StartAsync(folder.Path, new Dictionary<string, string>
        {
            [store.StoreId] = store.Password,
            [subscriber.StoreId] = subscriber.Password,
        });
        using var scenario = DeliveryScenario.ThroughBroker(output, folder, mosquitto.Port, store, subscriber);
        await scenario.Aggregator.StartAsync();
        scenario.Edge.Start();
        await Eventually.HoldsAsync(async () => await scenario.StoredCountAsync() >= 3, TimeSpan.FromSeconds(90), "the edge's events reach the aggregator");

        var figures = await AggregatorKills.RunAsync(scenario, Kills, Downtime);

        var report = await scenario.FinishAsync();
        figures.AddTo(report).With("downtime-per-kill-s", Downtime.TotalSeconds)
            .Publish(nameof(Nothing_is_lost_when_the_subscribing_aggregator_is_killed_behind_mosquitto), output);
        DeliveryScenario.AssertExactlyOnce(report, edgeKills: 1);
        scenario.Folder.Keep = false;
    }
}
