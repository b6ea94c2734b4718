using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RetailVision.Aggregator.Heatmaps;
using RetailVision.Aggregator.Storage;

namespace RetailVision.Aggregator.Api;

/// <summary>The dwell heatmap of a store (one camera, or all of them side by side) as a PNG.</summary>
public static class HeatmapEndpoints
{
    /// <summary>Response header with the number of snapshots left out because their grid size differs from the camera's latest.</summary>
    public const string SkippedSnapshotsHeader = "X-Heatmap-Skipped-Snapshots";

    public static void MapHeatmapEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGet("/stores/{storeId}/heatmap.png", GetHeatmap);

    private static IResult GetHeatmap(string storeId, string? camera, string? from, string? to, IRollupReader rollups, IHeatmapReader snapshots, HttpResponse response)
    {
        if (!QueryParameters.TryParseId(nameof(storeId), storeId, out var problem)) return problem;
        if (camera is not null && !QueryParameters.TryParseId(nameof(camera), camera, out problem)) return problem;
        if (!QueryParameters.TryParseRange(from, to, out var range, out problem)) return problem;

        var heatmaps = StoreHeatmapQuery.Run(storeId, camera, range, rollups, snapshots);
        if (heatmaps.Count == 0)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No heatmap data",
                detail: $"no heatmap snapshots from store '{storeId}'{(camera is null ? "" : $", camera '{camera}'")} in the requested range");
        if (heatmaps.Count > HeatmapPngRenderer.MaxCameras)
            return QueryParameters.Invalid(nameof(camera),
                $"store '{storeId}' has heatmaps from {heatmaps.Count} cameras and one image holds {HeatmapPngRenderer.MaxCameras}: name one with ?camera=");
        var skipped = heatmaps.Sum(h => h.SkippedSnapshots);
        if (skipped > 0) response.Headers[SkippedSnapshotsHeader] = skipped.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.File(HeatmapPngRenderer.Render(heatmaps), "image/png");
    }
}
