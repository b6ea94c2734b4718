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
        StoreSummary.FromCatalog(entries.Select(d => (d["StoreId"].AsString, d["CameraId"].AsString, d["ZoneId"].IsNull ? null : d["ZoneId"].AsString)));
}
