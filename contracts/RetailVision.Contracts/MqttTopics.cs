namespace RetailVision.Contracts;

/// <summary>
/// Topic layout shared by edge and cloud: <c>{prefix}/{store}/{camera}/events</c> for decision points,
/// <c>{prefix}/{store}/{camera}/heatmap</c> for heatmap snapshots (both stored by the cloud), and telemetry that is
/// routed but not stored: <c>{prefix}/{store}/status</c> (retained online/offline), <c>{prefix}/{store}/{camera}/status</c>
/// (retained camera state) and <c>{prefix}/{store}/stats</c> (health and speed every minute).
/// </summary>
public static class MqttTopics
{
    public const string DefaultPrefix = "retailvision";
    public const string EventsLeaf = "events";
    public const string HeatmapLeaf = "heatmap";
    public const string StatusLeaf = "status";
    public const string StatsLeaf = "stats";

    public static string StoreStatus(string prefix, string storeId) => $"{prefix}/{storeId}/{StatusLeaf}";

    public static string CameraStatus(string prefix, string storeId, string cameraId) => $"{prefix}/{storeId}/{cameraId}/{StatusLeaf}";

    public static string Stats(string prefix, string storeId) => $"{prefix}/{storeId}/{StatsLeaf}";

    /// <summary>True for the status and stats topics, which brokers route to dashboards but the cloud does not store.</summary>
    public static bool IsTelemetry(string prefix, string topic) =>
        IsStatus(prefix, topic) || topic.Split('/') is [var p, { Length: > 0 }, StatsLeaf] && p == prefix;

    /// <summary>True for the store's and the cameras' status topics, the only ones whose messages are retained.</summary>
    public static bool IsStatus(string prefix, string topic) => topic.Split('/') switch
    {
        [var p, { Length: > 0 }, StatusLeaf] => p == prefix,
        [var p, { Length: > 0 }, { Length: > 0 }, StatusLeaf] => p == prefix,
        _ => false,
    };

    public static string Events(string prefix, string storeId, string cameraId) => $"{prefix}/{storeId}/{cameraId}/{EventsLeaf}";

    public static string Heatmap(string prefix, string storeId, string cameraId) => $"{prefix}/{storeId}/{cameraId}/{HeatmapLeaf}";

    /// <summary>Subscription filter for every store's messages of one leaf under the prefix.</summary>
    public static string AllStores(string prefix, string leaf) => $"{prefix}/+/+/{leaf}";

    /// <summary>The store level of any topic under the prefix (status, stats, unknown leaves too); null when there is none.</summary>
    public static string? StoreOf(string prefix, string topic) =>
        topic.Split('/') is [var p, var store, _, ..] && p == prefix && ContractValidator.IsId(store) ? store : null;

    /// <summary>Splits a topic into store, camera and leaf; false when it is not of this layout.</summary>
    public static bool TryParse(string prefix, string topic, out string storeId, out string cameraId, out string leaf)
    {
        storeId = cameraId = leaf = "";
        var parts = topic.Split('/');
        if (parts.Length != 4 || parts[0] != prefix || parts[1].Length == 0 || parts[2].Length == 0)
            return false;
        (storeId, cameraId, leaf) = (parts[1], parts[2], parts[3]);
        return leaf is EventsLeaf or HeatmapLeaf;
    }
}
