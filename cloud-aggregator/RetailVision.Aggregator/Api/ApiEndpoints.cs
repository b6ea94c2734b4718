using Microsoft.AspNetCore.Routing;

namespace RetailVision.Aggregator.Api;

/// <summary>Every HTTP endpoint of the aggregator.</summary>
public static class ApiEndpoints
{
    public static void MapAggregatorApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthEndpoints();
        app.MapStoreEndpoints();
        app.MapHeatmapEndpoints();
        app.MapDeadLetterEndpoints();
    }
}
