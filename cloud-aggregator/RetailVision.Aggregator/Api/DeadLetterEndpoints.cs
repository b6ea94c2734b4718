using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RetailVision.Aggregator.Storage;

namespace RetailVision.Aggregator.Api;

/// <summary>The latest refused messages, newest first, with their reasons.</summary>
public static class DeadLetterEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    public static void MapDeadLetterEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/dead-letters", (string? limit, AggregatorRepository repository) =>
            QueryParameters.TryParseLimit(limit, DefaultLimit, MaxLimit, out var count, out var problem)
                ? Results.Ok(repository.LatestDeadLetters(count))
                : problem);
}
