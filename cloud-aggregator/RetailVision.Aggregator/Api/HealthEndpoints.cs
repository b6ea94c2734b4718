using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RetailVision.Aggregator.Ingest;
using RetailVision.Aggregator.Security;

namespace RetailVision.Aggregator.Api;

/// <summary>
/// <c>GET /health</c>: the ASP.NET Core health checks (storage, broker), 200 when all are healthy and 503 otherwise.
/// Open to load balancers and probes, which get the status alone; an admin token also gets each check's details
/// (paths, refusal counts) and the ingest counters.
/// </summary>
public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app) =>
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync }).AllowAnonymous();

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (ApiCaller.From(context.User)?.Role != ApiRole.Admin)
            return context.Response.WriteAsJsonAsync(new HealthStatus(report.Status.ToString()));
        var counters = context.RequestServices.GetRequiredService<IngestCounters>().Snapshot();
        var checks = report.Entries.ToDictionary(
            e => e.Key,
            e => new HealthCheckEntry(e.Value.Status.ToString(), e.Value.Description, e.Value.Data));
        return context.Response.WriteAsJsonAsync(new HealthDetails(report.Status.ToString(), checks, counters));
    }

    private sealed record HealthStatus(string Status);

    private sealed record HealthDetails(string Status, IReadOnlyDictionary<string, HealthCheckEntry> Checks, IngestCountersSnapshot Counters);

    private sealed record HealthCheckEntry(string Status, string? Description, IReadOnlyDictionary<string, object> Data);
}
