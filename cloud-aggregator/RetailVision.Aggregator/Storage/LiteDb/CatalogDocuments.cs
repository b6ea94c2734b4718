using LiteDB;

namespace RetailVision.Aggregator.Storage.LiteDb;

/// <summary>
/// The stores, cameras and zones seen so far, one small document per (store, camera, zone) and per camera with heatmaps,
/// so listing them does not scan every event.
/// </summary>
public static class CatalogDocuments
{
    public const string Collection = "catalog";

    public static string ZoneKey(string storeId, string cameraId, string zoneId) => $"{storeId}/{cameraId}/zone/{zoneId}";

    public static string HeatmapKey(string storeId, string cameraId) => $"{storeId}/{cameraId}/heatmap";

    public static BsonDocument ForZone(string storeId, string cameraId, string zoneId) => new()
    {
        ["_id"] = ZoneKey(storeId, cameraId, zoneId),
        ["StoreId"] = storeId,
        ["CameraId"] = cameraId,
        ["ZoneId"] = zoneId,
    };

    public static BsonDocument ForHeatmap(string storeId, string cameraId) => new()
    {
        ["_id"] = HeatmapKey(storeId, cameraId),
        ["StoreId"] = storeId,
        ["CameraId"] = cameraId,
        ["ZoneId"] = BsonValue.Null,
    };

    public static IReadOnlyList<StoreSummary> Summarise(IEnumerable<BsonDocument> entries) =>
        entries
            .Select(d => (Store: d["StoreId"].AsString, Camera: d["CameraId"].AsString, Zone: d["ZoneId"].IsNull ? null : d["ZoneId"].AsString))
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
