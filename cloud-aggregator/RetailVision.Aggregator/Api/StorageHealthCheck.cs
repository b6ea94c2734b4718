using Microsoft.Extensions.Diagnostics.HealthChecks;
using RetailVision.Aggregator.Storage;

namespace RetailVision.Aggregator.Api;

/// <summary>Healthy while the database file can be read and the last write succeeded.</summary>
public sealed class StorageHealthCheck(IStorageHealth storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["location"] = storage.Location };
        return Task.FromResult(storage.IsHealthy
            ? HealthCheckResult.Healthy("database open", data)
            : HealthCheckResult.Unhealthy("the database cannot be written or read", data: data));
    }
}
