using System.Diagnostics;
using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests;

/// <summary>(a) The aggregator, and with it the embedded broker, is gone for a minute while the edge keeps producing.</summary>
public sealed class OutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    private static readonly IFormatProvider Invariant = System.Globalization.CultureInfo.InvariantCulture;

    [Fact]
    public async Task A_60_s_aggregator_outage_loses_and_duplicates_nothing()
    {
        using var scenario = DeliveryScenario.Embedded(output, new StoreLogin("demo-store", "demo-password"));
        await scenario.Aggregator.StartAsync();
        scenario.Edge.Start();
        await Eventually.HoldsAsync(async () => await scenario.StoredCountAsync() >= 3, TimeSpan.FromSeconds(90), "the edge delivers events");

        await scenario.Aggregator.KillAsync();
        var auditedAtKill = AuditFile.Read(scenario.Edge.AuditPath).EventIds.Count;
        await Task.Delay(Outage);
        var auditedAtRestart = AuditFile.Read(scenario.Edge.AuditPath).EventIds;
        var clock = Stopwatch.StartNew();
        await scenario.Aggregator.StartAsync();
        var started = clock.Elapsed;
        await Eventually.HoldsAsync(() => scenario.AllStoredAsync(auditedAtRestart), TimeSpan.FromSeconds(120), "the outbox drains after the restart");
        var recovery = clock.Elapsed;

        var report = await scenario.FinishAsync();
        report.With("outage-s", Outage.TotalSeconds)
            .With("produced-during-outage", auditedAtRestart.Count - auditedAtKill)
            .With("aggregator-start-s", started.TotalSeconds.ToString("0.0", Invariant))
            .With("recovery-s", recovery.TotalSeconds.ToString("0.0", Invariant))
            .Publish(nameof(A_60_s_aggregator_outage_loses_and_duplicates_nothing), output);
        DeliveryScenario.AssertExactlyOnce(report, edgeKills: 1);
        Assert.True(auditedAtRestart.Count > auditedAtKill, "the edge produced nothing during the outage");
        scenario.Folder.Keep = false;
    }
}
