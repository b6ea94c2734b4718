using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using RetailVision.Aggregator.Security;

namespace RetailVision.Aggregator.Api;

/// <summary>
/// Every HTTP endpoint of the aggregator. Everything under <c>/api</c> needs an API token, and a <c>{storeId}</c> in
/// the route must be one of the token's stores; <c>/health</c> alone is open, and tells anonymous callers only its status.
/// </summary>
public static class ApiEndpoints
{
    public static void MapAggregatorApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthEndpoints();
        var api = app.MapGroup("/api").RequireAuthorization(ApiPolicies.StoreReader);
        api.MapStoreEndpoints();
        api.MapHeatmapEndpoints();
        api.MapDeadLetterEndpoints();
    }
}
