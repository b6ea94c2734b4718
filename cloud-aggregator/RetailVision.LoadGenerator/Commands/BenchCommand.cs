using System.CommandLine;
using RetailVision.Aggregator.Configuration;
using RetailVision.LoadGenerator.Bench;
using RetailVision.LoadGenerator.LocalServices;

namespace RetailVision.LoadGenerator.Commands;

/// <summary><c>bench ingest</c> and <c>bench kpi</c>: the aggregator's benchmarks of docs/performance.md.</summary>
public static class BenchCommand
{
    public static Command Create() => new("bench", "The aggregator's benchmarks (docs/performance.md)") { Ingest(), Kpi() };

    private static Command Ingest()
    {
        var load = new LoadOptions();
        var rate = new Option<double>("--rate") { Description = "The fixed rate of the latency measurements, events per second in all", DefaultValueFactory = _ => 2000 };
        var repeat = new Option<int>("--repeat") { Description = "Measurements of each set-up, taken in turn; the report gives medians", DefaultValueFactory = _ => 1 };
        var command = new Command("ingest", "Stored/s and publish→stored latency of the embedded and the PostgreSQL modes against their brokers alone") { rate, repeat };
        foreach (var option in load.All) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var fixedRate = parse.GetValue(rate);
            if (!(fixedRate > 0) || double.IsInfinity(fixedRate)) throw new ArgumentException($"--rate {fixedRate} must be a positive rate");
            var repeats = parse.GetValue(repeat);
            if (repeats is < 1 or > 20) throw new ArgumentException($"--repeat {repeats} must be between 1 and 20");
            var plan = load.Plan(parse, fixedRate, Convert.ToHexString(Guid.NewGuid().ToByteArray()));
            return await new IngestBench(plan, fixedRate, repeats, load.WarmUpOf(parse), load.EvalRoot(parse), Console.Out).RunAsync(cancellationToken);
        });
        return command;
    }

    private static Command Kpi()
    {
        var events = new Option<int>("--events") { Description = "Events in the store's history", DefaultValueFactory = _ => 1_000_000 };
        var days = new Option<int>("--days") { Description = "Days the history spans, ending now (the long window is 30 days)", DefaultValueFactory = _ => 30 };
        var cameras = new Option<int>("--cameras") { Description = "Cameras of the store", DefaultValueFactory = _ => 8 };
        var requests = new Option<int>("--requests") { Description = "Measured HTTP requests per window length", DefaultValueFactory = _ => 500 };
        var backend = new Option<StorageBackend[]>("--backend") { Description = "Storage backends to measure", DefaultValueFactory = _ => [StorageBackend.Postgres, StorageBackend.LiteDb], AllowMultipleArgumentsPerToken = true };
        var eval = new Option<string>("--eval") { Description = "The evaluation data whose trajectories/ the cameras replay (default ../shared/eval beside the repository)" };
        var command = new Command("kpi", "KPI requests over 30 days of a store holding a million events, from rollups, against a raw scan") { events, days, cameras, requests, backend, eval };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(events);
            if (count is < 1_000 or > 100_000_000) throw new ArgumentException($"--events {count} must be between 1000 and 100000000");
            var span = parse.GetValue(days);
            if (span is < 30 or > 3_650) throw new ArgumentException($"--days {span} must be between 30 and 3650");
            var cameraCount = parse.GetValue(cameras);
            if (cameraCount is < 1 or > 100) throw new ArgumentException($"--cameras {cameraCount} must be between 1 and 100");
            var measured = parse.GetValue(requests);
            if (measured is < 10 or > 100_000) throw new ArgumentException($"--requests {measured} must be between 10 and 100000");
            var now = DateTimeOffset.UtcNow;
            var end = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
            var history = new KpiHistory(cameraCount, count, span, end);
            var root = parse.GetValue(eval) ?? RepositoryLayout.DefaultEvalRoot;
            return await new KpiBench(history, measured, parse.GetValue(backend)!.Distinct().ToList(), root, Console.Out).RunAsync(cancellationToken);
        });
        return command;
    }
}
