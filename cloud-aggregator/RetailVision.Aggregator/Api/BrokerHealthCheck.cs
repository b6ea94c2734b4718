using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Broker;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Api;

/// <summary>Healthy while the embedded broker listens, or while the subscriber is connected to the external broker.</summary>
public sealed class BrokerHealthCheck(BrokerStatus status, IOptions<AggregatorOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var mode = options.Value.Broker.Mode;
        var data = new Dictionary<string, object>
        {
            ["mode"] = mode.ToString(),
            ["running"] = status.IsRunning,
            ["refusedConnections"] = status.RefusedConnections,
            ["refusedPublishes"] = status.RefusedPublishes,
            ["refusedSubscriptions"] = status.RefusedSubscriptions,
            ["refusedRetained"] = status.RefusedRetained,
            ["droppedTelemetry"] = status.DroppedTelemetry,
            ["droppedMessages"] = status.DroppedMessages,
            ["queuedMessages"] = status.QueuedMessages,
            ["queuedBytes"] = status.QueuedBytes,
        };
        return Task.FromResult(status.IsRunning
            ? HealthCheckResult.Healthy(mode == BrokerMode.Embedded ? "embedded broker listening" : "connected to the external broker", data)
            : HealthCheckResult.Unhealthy(mode == BrokerMode.Embedded ? "embedded broker not running" : "not connected to the external broker", data: data));
    }
}
