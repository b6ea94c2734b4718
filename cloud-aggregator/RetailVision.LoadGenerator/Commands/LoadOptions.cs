using System.CommandLine;
using RetailVision.LoadGenerator.Load;
using RetailVision.LoadGenerator.LocalServices;

namespace RetailVision.LoadGenerator.Commands;

/// <summary>The options that shape a load, shared by <c>publish</c> and <c>bench ingest</c>.</summary>
public sealed class LoadOptions
{
    public Option<int> Stores { get; } = new("--stores") { Description = "Simulated stores, one MQTT connection each", DefaultValueFactory = _ => 50 };
    public Option<int> Cameras { get; } = new("--cameras") { Description = "Cameras per store", DefaultValueFactory = _ => 4 };
    public Option<double> Duration { get; } = new("--duration") { Description = "Seconds of publishing per run", DefaultValueFactory = _ => 15 };
    public Option<int> Window { get; } = new("--window") { Description = "Unacknowledged QoS 1 publishes per store at most", DefaultValueFactory = _ => 16 };
    public Option<string> StorePrefix { get; } = new("--store-prefix") { Description = "Store i logs in as PREFIX-0001 …", DefaultValueFactory = _ => LoadPlan.DefaultStorePrefix };
    public Option<double> WarmUp { get; } = new("--warm-up") { Description = "Seconds at the start whose events are left out of the latency percentiles", DefaultValueFactory = _ => 2 };
    public Option<string> Eval { get; } = new("--eval") { Description = "The evaluation data whose trajectories/ the cameras replay (default ../shared/eval beside the repository)" };

    public IEnumerable<Option> All => [Stores, Cameras, Duration, Window, StorePrefix, WarmUp, Eval];

    public LoadPlan Plan(ParseResult parse, double eventsPerSecond, string password)
    {
        var seconds = parse.GetValue(Duration);
        var plan = new LoadPlan(parse.GetValue(Stores), parse.GetValue(Cameras), eventsPerSecond,
            double.IsFinite(seconds) && seconds > 0 && seconds <= 86_400 ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero,
            parse.GetValue(Window), parse.GetValue(StorePrefix)!, password);
        return plan.Validate() is { } problem ? throw new ArgumentException(problem) : plan;
    }

    public TimeSpan WarmUpOf(ParseResult parse)
    {
        var seconds = parse.GetValue(WarmUp);
        return double.IsFinite(seconds) && seconds >= 0 && seconds < parse.GetValue(Duration)
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"--warm-up {seconds} s must be ≥ 0 and shorter than --duration");
    }

    public string EvalRoot(ParseResult parse) => parse.GetValue(Eval) ?? RepositoryLayout.DefaultEvalRoot;
}
