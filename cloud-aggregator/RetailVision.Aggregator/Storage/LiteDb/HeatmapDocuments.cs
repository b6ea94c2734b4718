using System.Runtime.InteropServices;
using LiteDB;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Storage.LiteDb;

/// <summary>
/// Heatmap snapshots as LiteDB documents, keyed by SnapshotId. The cells are one binary value (float32, little-endian,
/// row-major): a 48×36 grid is 7 KB that way instead of 1728 BSON doubles with their field names.
/// </summary>
public static class HeatmapDocuments
{
    public const string Collection = "heatmaps";

    public static BsonDocument ToDocument(HeatmapSnapshot s) => new()
    {
        ["_id"] = s.SnapshotId,
        [nameof(s.Version)] = s.Version,
        [nameof(s.StoreId)] = s.StoreId,
        [nameof(s.CameraId)] = s.CameraId,
        [nameof(s.PeriodStart)] = DocumentTime.Format(s.PeriodStart),
        [nameof(s.PeriodEnd)] = DocumentTime.Format(s.PeriodEnd),
        [nameof(s.FrameWidth)] = s.FrameWidth,
        [nameof(s.FrameHeight)] = s.FrameHeight,
        [nameof(s.Columns)] = s.Columns,
        [nameof(s.Rows)] = s.Rows,
        [nameof(s.CellSeconds)] = MemoryMarshal.AsBytes(s.CellSeconds.AsSpan()).ToArray(),
        [StoreTimeKey.Field] = StoreTimeKey.For(s.StoreId, s.PeriodStart),
    };

    public static HeatmapSnapshot FromDocument(BsonDocument d) => new(
        d[nameof(HeatmapSnapshot.Version)].AsInt32,
        d["_id"].AsGuid,
        d[nameof(HeatmapSnapshot.StoreId)].AsString,
        d[nameof(HeatmapSnapshot.CameraId)].AsString,
        DocumentTime.Parse(d[nameof(HeatmapSnapshot.PeriodStart)].AsString),
        DocumentTime.Parse(d[nameof(HeatmapSnapshot.PeriodEnd)].AsString),
        d[nameof(HeatmapSnapshot.FrameWidth)].AsInt32,
        d[nameof(HeatmapSnapshot.FrameHeight)].AsInt32,
        d[nameof(HeatmapSnapshot.Columns)].AsInt32,
        d[nameof(HeatmapSnapshot.Rows)].AsInt32,
        MemoryMarshal.Cast<byte, float>(d[nameof(HeatmapSnapshot.CellSeconds)].AsBinary).ToArray());
}
