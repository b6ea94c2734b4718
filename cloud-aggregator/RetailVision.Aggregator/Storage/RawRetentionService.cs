using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Storage;

/// <summary>
/// Once at start-up and then every hour, drops raw rows older than <see cref="StorageOptions.RawRetentionDays"/>
/// (whole UTC days; on PostgreSQL, whole partitions). Ingest refuses messages older than the retention, so what is
/// dropped cannot come back and be counted twice in the rollups.
/// </summary>
public sealed class RawRetentionService(IRawRetention storage, IOptions<AggregatorOptions> options, TimeProvider time, ILogger<RawRetentionService> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var days = options.Value.Storage.RawRetentionDays;
        if (days <= 0) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var cutoff = CutoffDay(time.GetUtcNow(), days);
            try
            {
                var dropped = await storage.DropRawBeforeAsync(cutoff, stoppingToken);
                if (dropped.Length > 0) logger.LogInformation("Raw data before {Cutoff:yyyy-MM-dd} dropped ({Days}-day retention): {Dropped}", cutoff, days, dropped);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Retention could not drop raw data before {Cutoff:yyyy-MM-dd}; trying again in an hour: {Reason}", cutoff, ex.Message);
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

    /// <summary>The start of the oldest UTC day wholly inside the retention.</summary>
    public static DateTimeOffset CutoffDay(DateTimeOffset now, int days) => new(now.UtcDateTime.Date.AddDays(-days), TimeSpan.Zero);
}
