using System.CommandLine;
using RetailVision.LoadGenerator.Bench;

namespace RetailVision.LoadGenerator.Commands;

/// <summary><c>bench ingest</c> and <c>bench kpi</c>: the aggregator's benchmarks of docs/performance.md.</summary>
public static class BenchCommand
{
    public static Command Create() => new("bench", "The aggregator's benchmarks (docs/performance.md)") { Ingest() };

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
}
