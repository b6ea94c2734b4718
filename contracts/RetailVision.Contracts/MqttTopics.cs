namespace RetailVision.Contracts;

/// <summary>
/// Topic layout shared by edge and cloud: <c>{prefix}/{store}/{camera}/events</c> for decision points and
/// <c>{prefix}/{store}/{camera}/heatmap</c> for heatmap snapshots.
/// </summary>
public static class MqttTopics
{
    public const string DefaultPrefix = "retailvision";
    public const string EventsLeaf = "events";
    public const string HeatmapLeaf = "heatmap";

    public static string Events(string prefix, string storeId, string cameraId) => $"{prefix}/{storeId}/{cameraId}/{EventsLeaf}";

    public static string Heatmap(string prefix, string storeId, string cameraId) => $"{prefix}/{storeId}/{cameraId}/{HeatmapLeaf}";

    /// <summary>Subscription filter for every store's messages of one leaf under the prefix.</summary>
    public static string AllStores(string prefix, string leaf) => $"{prefix}/+/+/{leaf}";

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
