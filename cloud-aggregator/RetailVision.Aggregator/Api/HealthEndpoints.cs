using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RetailVision.Aggregator.Ingest;

namespace RetailVision.Aggregator.Api;

/// <summary>
/// <c>GET /health</c>: the ASP.NET Core health checks (storage, broker) with their details and the ingest counters,
/// 200 when all are healthy and 503 otherwise.
/// </summary>
public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app) =>
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync });

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var counters = context.RequestServices.GetRequiredService<IngestCounters>().Snapshot();
        var checks = report.Entries.ToDictionary(
            e => e.Key,
            e => new HealthCheckEntry(e.Value.Status.ToString(), e.Value.Description, e.Value.Data));
        return context.Response.WriteAsJsonAsync(new HealthResponse(report.Status.ToString(), checks, counters));
    }

    private sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthCheckEntry> Checks, IngestCountersSnapshot Counters);

    private sealed record HealthCheckEntry(string Status, string? Description, IReadOnlyDictionary<string, object> Data);
}
