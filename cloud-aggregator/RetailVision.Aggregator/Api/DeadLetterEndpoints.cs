using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RetailVision.Aggregator.Security;
using RetailVision.Aggregator.Storage;

namespace RetailVision.Aggregator.Api;

/// <summary>
/// The latest refused messages, newest first, with their reasons: a store's own (its managers see why their box's
/// messages were refused), or every topic's, including those naming no store, for an admin.
/// </summary>
public static class DeadLetterEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    public static void MapDeadLetterEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stores/{storeId}/dead-letters", (string storeId, string? limit, IDeadLetterReader deadLetters) =>
            !QueryParameters.TryParseId(nameof(storeId), storeId, out var problem) ? problem
            : QueryParameters.TryParseLimit(limit, DefaultLimit, MaxLimit, out var count, out problem) ? Results.Ok(deadLetters.LatestDeadLetters(count, storeId))
            : problem);
        api.MapGet("/dead-letters", (string? limit, IDeadLetterReader deadLetters) =>
            QueryParameters.TryParseLimit(limit, DefaultLimit, MaxLimit, out var count, out var problem)
                ? Results.Ok(deadLetters.LatestDeadLetters(count))
                : problem)
            .RequireAuthorization(ApiPolicies.Admin);
    }
}
