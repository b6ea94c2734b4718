using System.Globalization;

namespace RetailVision.Aggregator.Storage.LiteDb;

/// <summary>
/// One indexed string per document, "{storeId}/{UTC ticks, 19 digits}", so a single index answers "this store, this
/// time range" as one ordered range scan (LiteDB has no compound indexes). Ids cannot contain '/', so stores never mix.
/// </summary>
public static class StoreTimeKey
{
    public const string Field = "StoreTime";

    public static string For(string storeId, DateTimeOffset instant) => $"{storeId}/{instant.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}";

    /// <summary>Inclusive bounds covering [range.From, range.To) of one store.</summary>
    public static (string Low, string High) Bounds(string storeId, TimeRange range) =>
        (For(storeId, range.From), For(storeId, range.To.AddTicks(-1)));
}
