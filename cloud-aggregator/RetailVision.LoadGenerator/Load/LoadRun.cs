using System.Diagnostics;
using RetailVision.LoadGenerator.Measurement;

namespace RetailVision.LoadGenerator.Load;

/// <summary>
/// One run of a plan against one broker: every store connects with its login, all publish for the plan's duration,
/// then the run waits until everything acknowledged is seen stored (or <paramref name="drainTimeout"/> passes).
/// </summary>
public sealed class LoadRun(LoadPlan plan, SceneLibrary scenes, IStorageObserver observer, TimeSpan drainTimeout, string topicPrefix = Contracts.MqttTopics.DefaultPrefix)
{
    public PublishLedger Ledger { get; } = new();

    /// <summary>How long the stores published.</summary>
    public TimeSpan Publishing { get; private set; }

    public long PublishFailures { get; private set; }

    public async Task RunAsync(string host, int port, int seed, CancellationToken cancellationToken)
    {
        var cameras = scenes.Cameras(plan, seed);
        var publishers = new List<StorePublisher>();
        try
        {
            // One at a time: a broker that guards its logins would rightly refuse a burst of them from one address.
            for (var s = 0; s < plan.Stores; s++)
                publishers.Add(await StorePublisher.ConnectAsync(host, port, plan.StoreIds[s], plan.Password, cameras[s], plan.WindowPerStore, Ledger, topicPrefix, cancellationToken));
            await observer.StartAsync(Ledger, cancellationToken);

            var started = Stopwatch.GetTimestamp();
            var until = started + (long)(plan.Duration.TotalSeconds * Stopwatch.Frequency);
            var perStore = plan.EventsPerSecond / plan.Stores;
            await Task.WhenAll(publishers.Select(p => Task.Run(() => p.RunAsync(perStore, until, cancellationToken), cancellationToken)));
            Publishing = Stopwatch.GetElapsedTime(started);
            PublishFailures = publishers.Sum(p => p.Failures);
            await DrainAsync(cancellationToken);
        }
        finally
        {
            foreach (var publisher in publishers) await publisher.DisposeAsync();
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(drainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            await observer.SettleAsync(Ledger, cancellationToken);
            if (Ledger.Records.All(r => !r.Acknowledged || r.Stored) || Stopwatch.GetTimestamp() > deadline) return;
            await Task.Delay(50, cancellationToken);
        }
    }
}
