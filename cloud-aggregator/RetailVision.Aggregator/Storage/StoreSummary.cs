namespace RetailVision.Aggregator.Storage;

/// <summary>A store that has sent data, with its cameras.</summary>
public sealed record StoreSummary(string StoreId, IReadOnlyList<CameraSummary> Cameras)
{
    /// <summary>
    /// The stores of a catalog: one entry per (store, camera, zone) with events, and per camera with heatmaps (zone
    /// null), each list in ordinal order.
    /// </summary>
    public static IReadOnlyList<StoreSummary> FromCatalog(IEnumerable<(string Store, string Camera, string? Zone)> entries) =>
        entries
            .GroupBy(e => e.Store, StringComparer.Ordinal)
            .OrderBy(store => store.Key, StringComparer.Ordinal)
            .Select(store => new StoreSummary(store.Key, store
                .GroupBy(e => e.Camera, StringComparer.Ordinal)
                .OrderBy(camera => camera.Key, StringComparer.Ordinal)
                .Select(camera => new CameraSummary(
                    camera.Key,
                    camera.Select(e => e.Zone).OfType<string>().Order(StringComparer.Ordinal).ToList(),
                    camera.Any(e => e.Zone is null)))
                .ToList()))
            .ToList();
}

/// <summary>A camera of a store, with the zones it has sent events for and whether it has sent heatmaps.</summary>
public sealed record CameraSummary(string CameraId, IReadOnlyList<string> Zones, bool HasHeatmaps);
