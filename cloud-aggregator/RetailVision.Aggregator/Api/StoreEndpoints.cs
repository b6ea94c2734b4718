using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RetailVision.Aggregator.Kpis;
using RetailVision.Aggregator.Security;
using RetailVision.Aggregator.Storage;

namespace RetailVision.Aggregator.Api;

/// <summary>The stores seen, their zone KPIs and their raw events.</summary>
public static class StoreEndpoints
{
    public const int DefaultEventLimit = 1_000;
    public const int MaxEventLimit = 10_000;

    public static void MapStoreEndpoints(this IEndpointRouteBuilder api)
    {
        // A manager's list holds only the stores the token covers: the others' ids are not theirs to learn either.
        api.MapGet("/stores", (ICatalogReader catalog, ClaimsPrincipal user) =>
            catalog.Stores().Where(s => ApiCaller.From(user)?.CanRead(s.StoreId) == true).ToList());
        api.MapGet("/stores/{storeId}/kpis", GetKpis);
        api.MapGet("/stores/{storeId}/events", GetEvents);
    }

    private static IResult GetKpis(string storeId, string? from, string? to, ICatalogReader catalog, IRollupReader rollups, IEventReader events)
    {
        if (!QueryParameters.TryParseId(nameof(storeId), storeId, out var problem)) return problem;
        if (!QueryParameters.TryParseRange(from, to, out var range, out problem)) return problem;
        if (!catalog.HasStore(storeId)) return UnknownStore(storeId);
        return Results.Ok(StoreKpiQuery.Run(storeId, range, rollups, events));
    }

    private static IResult GetEvents(string storeId, string? from, string? to, string? limit, ICatalogReader catalog, IEventReader events)
    {
        if (!QueryParameters.TryParseId(nameof(storeId), storeId, out var problem)) return problem;
        if (!QueryParameters.TryParseRange(from, to, out var range, out problem)) return problem;
        if (!QueryParameters.TryParseLimit(limit, DefaultEventLimit, MaxEventLimit, out var count, out problem)) return problem;
        if (!catalog.HasStore(storeId)) return UnknownStore(storeId);
        return Results.Ok(events.FindEvents(storeId, range, count));
    }

    private static IResult UnknownStore(string storeId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown store", detail: $"no data has been received from store '{storeId}'");
}
