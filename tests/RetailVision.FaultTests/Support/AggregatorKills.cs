using System.Diagnostics;
using System.Globalization;

namespace RetailVision.FaultTests.Support;

/// <summary>SIGKILLs the aggregator at random moments while the edge publishes, restarting it after each kill.</summary>
public sealed class AggregatorKills
{
    private readonly List<double> _moments = [];
    private readonly List<double> _restarts = [];
    private int _seed;

    /// <param name="downtime">How long the aggregator stays dead after each kill.</param>
    public static async Task<AggregatorKills> RunAsync(DeliveryScenario scenario, int kills, TimeSpan downtime)
    {
        var result = new AggregatorKills { _seed = Environment.TickCount };
        var random = new Random(result._seed);
        for (var i = 0; i < kills; i++)
        {
            var moment = 2 + random.NextDouble() * 4;
            result._moments.Add(Math.Round(moment, 1));
            await Task.Delay(TimeSpan.FromSeconds(moment));
            await scenario.Aggregator.KillAsync();
            await Task.Delay(downtime);
            var clock = Stopwatch.StartNew();
            await scenario.Aggregator.StartAsync();
            result._restarts.Add(Math.Round(clock.Elapsed.TotalSeconds, 1));
        }
        return result;
    }

    public DeliveryReport AddTo(DeliveryReport report) => report
        .With("kills", _moments.Count)
        .With("kill-every-s", string.Join('/', _moments.Select(m => m.ToString(CultureInfo.InvariantCulture))))
        .With("restart-to-healthy-s", string.Join('/', _restarts.Select(m => m.ToString(CultureInfo.InvariantCulture))))
        .With("seed", _seed);
}
