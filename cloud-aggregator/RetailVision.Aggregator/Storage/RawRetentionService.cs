using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Storage;

/// <summary>
/// Once the schema is ready (<see cref="StorageReadiness"/>) and then every hour, drops raw rows older than each store's retention
/// (<see cref="StorageOptions.RawRetentionDays"/>, or its entry in <see cref="StorageOptions.StoreRawRetentionDays"/>;
/// whole UTC days, and on PostgreSQL whole partitions where every store is past them). Ingest refuses messages older than the retention, so what is
/// dropped cannot come back and be counted twice in the rollups.
/// </summary>
public sealed class RawRetentionService(IRawRetention storage, StorageReadiness readiness, IOptions<AggregatorOptions> options, TimeProvider time,
    ILogger<RawRetentionService> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var policy = options.Value.Storage.RetentionPolicy();
        if (policy.DefaultDays <= 0 && policy.StoreDays.Values.All(d => d <= 0)) return;
        try
        {
            await readiness.WhenReadyAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var cutoffs = policy.At(time.GetUtcNow());
            try
            {
                var dropped = await storage.DropRawBeforeAsync(cutoffs, stoppingToken);
                if (dropped.Length > 0) logger.LogInformation("Raw data past retention dropped (default {Days} days, {Overrides} stores overridden): {Dropped}",
                    policy.DefaultDays, policy.StoreDays.Count, dropped);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Retention could not drop raw data; trying again in an hour: {Reason}", ex.Message);
            }
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
