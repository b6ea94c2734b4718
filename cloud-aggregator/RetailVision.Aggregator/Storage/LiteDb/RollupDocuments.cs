using System.Globalization;
using System.Runtime.InteropServices;
using LiteDB;
using RetailVision.Aggregator.Heatmaps;
using RetailVision.Aggregator.Kpis;

namespace RetailVision.Aggregator.Storage.LiteDb;

/// <summary>
/// Hourly and daily rollups and visit progress as LiteDB documents. A rollup's _id names its zone (or line) and period start, so a batch
/// updates it in place; <see cref="StoreTimeKey"/> on the hour serves "this store, these hours".
/// </summary>
public static class RollupDocuments
{
    public const string Zones = "zone_rollups";
    public const string Lines = "line_rollups";
    public const string ZoneDays = "zone_day_rollups";
    public const string LineDays = "line_day_rollups";
    public const string Visits = "visits";
    public const string Heatmaps = "heatmap_rollups";

    public static string HeatmapId(HeatmapHourRollup h) =>
        $"{h.StoreId}/{h.CameraId}/{Ticks(h.Hour)}/{h.Columns}x{h.Rows}/{h.FrameWidth}x{h.FrameHeight}";

    public static BsonDocument ToDocument(HeatmapHourRollup h) => new()
    {
        ["_id"] = HeatmapId(h),
        [nameof(h.StoreId)] = h.StoreId,
        [nameof(h.CameraId)] = h.CameraId,
        [nameof(h.Hour)] = h.Hour.UtcTicks,
        [nameof(h.Columns)] = h.Columns,
        [nameof(h.Rows)] = h.Rows,
        [nameof(h.FrameWidth)] = h.FrameWidth,
        [nameof(h.FrameHeight)] = h.FrameHeight,
        [nameof(h.CellSeconds)] = MemoryMarshal.AsBytes(h.CellSeconds.AsSpan()).ToArray(),
        [nameof(h.Snapshots)] = h.Snapshots,
        [nameof(h.PeriodStart)] = DocumentTime.Format(h.PeriodStart),
        [nameof(h.PeriodEnd)] = DocumentTime.Format(h.PeriodEnd),
        [StoreTimeKey.Field] = StoreTimeKey.For(h.StoreId, h.Hour),
    };

    public static HeatmapHourRollup HeatmapFromDocument(BsonDocument d) => new(
        d[nameof(HeatmapHourRollup.StoreId)].AsString,
        d[nameof(HeatmapHourRollup.CameraId)].AsString,
        new DateTimeOffset(d[nameof(HeatmapHourRollup.Hour)].AsInt64, TimeSpan.Zero),
        d[nameof(HeatmapHourRollup.Columns)].AsInt32,
        d[nameof(HeatmapHourRollup.Rows)].AsInt32,
        d[nameof(HeatmapHourRollup.FrameWidth)].AsInt32,
        d[nameof(HeatmapHourRollup.FrameHeight)].AsInt32,
        MemoryMarshal.Cast<byte, double>(d[nameof(HeatmapHourRollup.CellSeconds)].AsBinary).ToArray(),
        d[nameof(HeatmapHourRollup.Snapshots)].AsInt32,
        DocumentTime.Parse(d[nameof(HeatmapHourRollup.PeriodStart)].AsString),
        DocumentTime.Parse(d[nameof(HeatmapHourRollup.PeriodEnd)].AsString));

    public static string ZoneId(ZoneHourRollup z) => $"{z.StoreId}/{z.CameraId}/{z.ZoneId}/{Ticks(z.Hour)}";

    public static string LineId(LineHourRollup l) => $"{l.StoreId}/{l.CameraId}/{l.LineId}/{Ticks(l.Hour)}";

    public static BsonDocument ToDocument(ZoneHourRollup z) => new()
    {
        ["_id"] = ZoneId(z),
        [nameof(z.StoreId)] = z.StoreId,
        [nameof(z.CameraId)] = z.CameraId,
        [nameof(z.ZoneId)] = z.ZoneId,
        [nameof(z.Hour)] = z.Hour.UtcTicks,
        [nameof(z.Visits)] = z.Visits,
        [nameof(z.CompletedVisits)] = z.CompletedVisits,
        [nameof(z.DwellSumSeconds)] = z.DwellSumSeconds,
        [nameof(z.Dwell)] = new BsonDocument(z.Dwell.Counts.ToDictionary(c => c.Key.ToString(CultureInfo.InvariantCulture), c => new BsonValue(c.Value))),
        [nameof(z.PassBy)] = z.PassBy,
        [nameof(z.Browse)] = z.Browse,
        [nameof(z.Engaged)] = z.Engaged,
        [nameof(z.Served)] = z.Served,
        [nameof(z.Abandoned)] = z.Abandoned,
        [StoreTimeKey.Field] = StoreTimeKey.For(z.StoreId, z.Hour),
    };

    public static ZoneHourRollup ZoneFromDocument(BsonDocument d) => new(
        d[nameof(ZoneHourRollup.StoreId)].AsString,
        d[nameof(ZoneHourRollup.CameraId)].AsString,
        d[nameof(ZoneHourRollup.ZoneId)].AsString,
        new DateTimeOffset(d[nameof(ZoneHourRollup.Hour)].AsInt64, TimeSpan.Zero),
        d[nameof(ZoneHourRollup.Visits)].AsInt64,
        d[nameof(ZoneHourRollup.CompletedVisits)].AsInt64,
        d[nameof(ZoneHourRollup.DwellSumSeconds)].AsDouble,
        new DwellHistogram(d[nameof(ZoneHourRollup.Dwell)].AsDocument.ToDictionary(b => int.Parse(b.Key, CultureInfo.InvariantCulture), b => b.Value.AsInt64)),
        d[nameof(ZoneHourRollup.PassBy)].AsInt64,
        d[nameof(ZoneHourRollup.Browse)].AsInt64,
        d[nameof(ZoneHourRollup.Engaged)].AsInt64,
        d[nameof(ZoneHourRollup.Served)].AsInt64,
        d[nameof(ZoneHourRollup.Abandoned)].AsInt64);

    public static BsonDocument ToDocument(LineHourRollup l) => new()
    {
        ["_id"] = LineId(l),
        [nameof(l.StoreId)] = l.StoreId,
        [nameof(l.CameraId)] = l.CameraId,
        [nameof(l.LineId)] = l.LineId,
        [nameof(l.Hour)] = l.Hour.UtcTicks,
        [nameof(l.In)] = l.In,
        [nameof(l.Out)] = l.Out,
        [StoreTimeKey.Field] = StoreTimeKey.For(l.StoreId, l.Hour),
    };

    public static LineHourRollup LineFromDocument(BsonDocument d) => new(
        d[nameof(LineHourRollup.StoreId)].AsString,
        d[nameof(LineHourRollup.CameraId)].AsString,
        d[nameof(LineHourRollup.LineId)].AsString,
        new DateTimeOffset(d[nameof(LineHourRollup.Hour)].AsInt64, TimeSpan.Zero),
        d[nameof(LineHourRollup.In)].AsInt64,
        d[nameof(LineHourRollup.Out)].AsInt64);

    public const string VisitTicks = "Ticks";

    /// <summary>A visit's progress, with its entry ticks (the key's last part) so retention can age it out.</summary>
    public static BsonDocument ToDocument(string visitKey, VisitProgress progress) => new()
    {
        ["_id"] = visitKey,
        ["Progress"] = progress.ToString(),
        [VisitTicks] = long.Parse(visitKey[(visitKey.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture),
    };

    public static VisitProgress ProgressFromDocument(BsonDocument d) => Enum.Parse<VisitProgress>(d["Progress"].AsString);

    private static string Ticks(DateTimeOffset hour) => hour.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
