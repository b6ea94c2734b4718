using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using RetailVision.Aggregator.Runtime;

namespace RetailVision.Aggregator.Storage.Postgres;

/// <summary>
/// Brings the schema up to date at start-up, and keeps trying while PostgreSQL cannot be reached, one log line per
/// attempt naming the server and the reason. Until it has succeeded, health is unhealthy and every write is refused
/// unacknowledged, so nothing is lost while the database is away. Once it has, <see cref="StorageReadiness"/> says so.
/// </summary>
public sealed class PostgresSchemaService(NpgsqlDataSource dataSource, PostgresStore store, StorageReadiness readiness, ILogger<PostgresSchemaService> logger)
    : BackgroundService
{
    private readonly ResiliencePipeline _retry = ReconnectRetry.Create(
        ex => ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException,
        (ex, delay) => logger.LogError("PostgreSQL at {Location} unreachable ({Reason}); retrying in {Delay} s", store.Location, ex.Message, delay.TotalSeconds));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<int> applied;
        try
        {
            applied = await _retry.ExecuteAsync(static (source, token) => new ValueTask<IReadOnlyList<int>>(PostgresMigrations.ApplyAsync(source, token)),
                dataSource, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        logger.LogInformation("PostgreSQL schema at {Location} is current ({Applied})", store.Location,
            applied.Count == 0 ? "nothing to apply" : $"applied {string.Join(", ", applied)}");
        readiness.MarkReady();
    }
}
