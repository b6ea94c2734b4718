using System.Globalization;
using RetailVision.LoadGenerator.Load;
using RetailVision.LoadGenerator.LocalServices;
using RetailVision.LoadGenerator.Measurement;

namespace RetailVision.LoadGenerator.Bench;

/// <summary>
/// <c>bench ingest</c>: the same load against five set-ups in one run, each started fresh for each measurement:
/// the two brokers alone (the limits), the embedded LiteDB mode, and mosquitto with one and with two aggregators on
/// PostgreSQL. Each is measured flat out (stored/s against the rate its broker alone acknowledges) and at a fixed rate (publish→stored
/// latency), <paramref name="repeats"/> times in turn; the report gives medians.
/// </summary>
public sealed class IngestBench(LoadPlan plan, double fixedRate, int repeats, TimeSpan warmUp, string evalRoot, TextWriter output)
{
    private const double TargetRatio = 0.6;
    private const double TargetP99Ms = 100;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(120);

    private sealed record Setup(string Name, string LimitName, Func<string, Task<IIngestTarget>> Start);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var scenes = SceneLibrary.Load(evalRoot);
        output.WriteLine($"scenes: {string.Join(", ", scenes.Scripts.Select(s => $"{s.SceneName} {s.Events.Count} events"))}");
        if (!Mosquitto.IsInstalled) throw new InvalidOperationException("mosquitto is not installed (deploy/install-deps.sh installs it)");
        using var cluster = new PostgresCluster();
        if (cluster.Unavailable is not null) throw new InvalidOperationException($"PostgreSQL cannot be started: {cluster.Unavailable}");
        var logins = new BenchLogins(plan.StoreIds, plan.Password);
        var work = Path.Combine(Path.GetTempPath(), $"rv-bench-ingest-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        output.WriteLine($"logs and databases: {work}");

        const string mqttnet = "MQTTnet broker alone";
        const string mosquitto = "mosquitto alone";
        Setup[] setups =
        [
            new(mqttnet, mqttnet, BrokerAloneTarget.StartBareAsync),
            new(mosquitto, mosquitto, d => BrokerAloneTarget.StartMosquittoAsync(d, logins)),
            new("embedded broker + LiteDB", mqttnet, d => EmbeddedLiteDbTarget.StartAsync(d, logins)),
            new("mosquitto + 1 aggregator + PostgreSQL", mosquitto, d => MosquittoPostgresTarget.StartAsync(d, logins, cluster, 1)),
            new("mosquitto + 2 aggregators + PostgreSQL", mosquitto, d => MosquittoPostgresTarget.StartAsync(d, logins, cluster, 2)),
        ];
        var flatOut = setups.ToDictionary(s => s.Name, _ => new List<LoadReport>());
        var paced = setups.ToDictionary(s => s.Name, _ => new List<LoadReport>());
        for (var r = 0; r < repeats; r++)
        foreach (var setup in setups)
        {
            flatOut[setup.Name].Add(await MeasureAsync(setup, plan with { EventsPerSecond = 0 }, Path.Combine(work, $"{r}-flat-{Slug(setup.Name)}"), scenes, r, cancellationToken));
            paced[setup.Name].Add(await MeasureAsync(setup, plan with { EventsPerSecond = fixedRate }, Path.Combine(work, $"{r}-paced-{Slug(setup.Name)}"), scenes, r, cancellationToken));
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{plan.Stores} stores × {plan.Cameras} cameras, window {plan.WindowPerStore} per store, {plan.Duration.TotalSeconds:0} s per measurement " +
            $"(latencies after the first {warmUp.TotalSeconds:0} s), medians of {repeats}"));
        output.WriteLine();
        output.WriteLine("| set-up | flat out: acked/s | stored/s | × its broker alone | at " + fixedRate.ToString("0", CultureInfo.InvariantCulture) +
                         "/s: stored p50 ms | p99 ms | lost | duplicates |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        var failed = 0;
        foreach (var setup in setups)
        {
            var stored = Percentiles.Median(flatOut[setup.Name].Select(x => x.StoredPerSecond));
            // The broker alone's acknowledged rate, not its subscriber's: on a shared box the subscriber in this process is
            // starved by the publishers beside it, and the higher rate is the stricter limit.
            var limit = Percentiles.Median(flatOut[setup.LimitName].Select(x => x.AcknowledgedPerSecond));
            var ratio = stored / limit;
            var p99 = Percentiles.Median(paced[setup.Name].Select(x => x.StoredP99Ms));
            var lost = flatOut[setup.Name].Concat(paced[setup.Name]).Sum(x => x.Lost);
            var duplicates = flatOut[setup.Name].Concat(paced[setup.Name]).Sum(x => x.Duplicates);
            var isLimit = setup.Name == setup.LimitName;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {setup.Name} | {Percentiles.Median(flatOut[setup.Name].Select(x => x.AcknowledgedPerSecond)):0} | {stored:0} | {(isLimit ? "(the limit)" : ratio.ToString("0.00", CultureInfo.InvariantCulture))} | " +
                $"{Percentiles.Median(paced[setup.Name].Select(x => x.StoredP50Ms)):0.0} | {p99:0.0} | {lost} | {duplicates} |"));
            if (lost > 0 || duplicates > 0 || (!isLimit && (ratio < TargetRatio || p99 > TargetP99Ms))) failed++;
        }
        output.WriteLine();
        var verdict = failed == 0 ? "all met" : $"{failed} set-up(s) miss";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"targets: stored/s ≥ {TargetRatio}× its broker alone, p99 ≤ {TargetP99Ms} ms at {fixedRate:0}/s, nothing lost or stored twice: {verdict}"));
        return failed == 0 ? 0 : 1;
    }

    private async Task<LoadReport> MeasureAsync(Setup setup, LoadPlan measured, string directory, SceneLibrary scenes, int seed, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await using var target = await setup.Start(directory);
        var run = new LoadRun(measured, scenes, target.Observer, DrainTimeout);
        await run.RunAsync("127.0.0.1", target.Port, seed, cancellationToken);
        var audit = await target.AuditAsync(measured.StoreIds, cancellationToken);
        var report = LoadReport.From($"{setup.Name}, {(measured.EventsPerSecond == 0 ? "flat out" : $"{measured.EventsPerSecond:0}/s")}",
            target.Observer.Meaning, run.Ledger, run.Publishing, warmUp, audit, run.PublishFailures);
        output.WriteLine(report);
        return report;
    }

    private static string Slug(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}
