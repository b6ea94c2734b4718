using System.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RetailVision.Aggregator.Runtime;

/// <summary>
/// Keeps a burst of connections from parking memory in the process. A flood's connections live long enough to reach
/// the oldest generation and die there, where only a full collection finds them, and nothing starts one until the heap
/// has grown by as much again; on a quiet aggregator that can take hours. So the heap is checked every
/// <see cref="CheckInterval"/>, and when the <see cref="ReclaimPolicy"/> says so, one aggressive, compacting collection
/// frees what the burst left and returns it to the system. In steady state the heap does not grow and this never runs.
/// </summary>
public sealed class MemoryReclaimer(TimeProvider time, ILogger<MemoryReclaimer> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    private readonly ReclaimPolicy _policy = new(growthBytes: 24L * 1024 * 1024, settleDelay: TimeSpan.FromSeconds(20), maxSettleDelay: TimeSpan.FromMinutes(30));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval, time);
        while (await NextTickAsync(timer, stoppingToken))
        {
            var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
            if (!_policy.ShouldReclaim(committed, time.GetUtcNow())) continue;
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var after = GC.GetGCMemoryInfo().TotalCommittedBytes;
            _policy.Reclaimed(committed, after, time.GetUtcNow());
            logger.LogInformation("Reclaimed memory: the managed heap had grown to {Before} MB committed, {After} MB after a full collection",
                committed / 1048576, after / 1048576);
        }
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
