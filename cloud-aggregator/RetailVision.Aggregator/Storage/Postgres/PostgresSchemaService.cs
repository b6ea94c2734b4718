using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace RetailVision.Aggregator.Storage.Postgres;

/// <summary>
/// Brings the schema up to date at start-up, and keeps trying while PostgreSQL cannot be reached, one log line per
/// attempt naming the server and the reason. Until it has succeeded, health is unhealthy and every write is refused
/// unacknowledged, so nothing is lost while the database is away. Once it has, <see cref="StorageReadiness"/> says so.
/// </summary>
public sealed class PostgresSchemaService(NpgsqlDataSource dataSource, PostgresStore store, StorageReadiness readiness, ILogger<PostgresSchemaService> logger)
    : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var applied = await PostgresMigrations.ApplyAsync(dataSource, stoppingToken);
                logger.LogInformation("PostgreSQL schema at {Location} is current ({Applied})", store.Location,
                    applied.Count == 0 ? "nothing to apply" : $"applied {string.Join(", ", applied)}");
                readiness.MarkReady();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogError("PostgreSQL at {Location} unreachable ({Reason}); retrying in {Delay} s", store.Location, ex.Message, backoff.TotalSeconds);
            }
            try
            {
                await Task.Delay(backoff, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }
}
