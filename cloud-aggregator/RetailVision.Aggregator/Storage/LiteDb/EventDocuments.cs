using LiteDB;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Storage.LiteDb;

/// <summary>Decision-point events as LiteDB documents, keyed by EventId so a redelivered event cannot be stored twice.</summary>
public static class EventDocuments
{
    public const string Collection = "events";

    public static BsonDocument ToDocument(DecisionPointEvent e) => new()
    {
        ["_id"] = e.EventId,
        [nameof(e.Version)] = e.Version,
        [nameof(e.Kind)] = e.Kind.ToString(),
        [nameof(e.StoreId)] = e.StoreId,
        [nameof(e.CameraId)] = e.CameraId,
        [nameof(e.ZoneId)] = e.ZoneId,
        [nameof(e.TrackId)] = e.TrackId,
        [nameof(e.Timestamp)] = DocumentTime.Format(e.Timestamp),
        [nameof(e.EnteredAt)] = DocumentTime.Format(e.EnteredAt),
        [nameof(e.ExitedAt)] = e.ExitedAt is { } exited ? DocumentTime.Format(exited) : BsonValue.Null,
        [nameof(e.DwellSeconds)] = e.DwellSeconds is { } dwell ? dwell : BsonValue.Null,
        [nameof(e.DwellClass)] = e.DwellClass is { } dwellClass ? dwellClass.ToString() : BsonValue.Null,
        [nameof(e.Direction)] = e.Direction is { } direction ? direction.ToString() : BsonValue.Null,
        [nameof(e.Served)] = e.Served is { } served ? served : BsonValue.Null,
        [StoreTimeKey.Field] = StoreTimeKey.For(e.StoreId, e.EnteredAt),
    };

    public static DecisionPointEvent FromDocument(BsonDocument d) => new(
        d[nameof(DecisionPointEvent.Version)].AsInt32,
        d["_id"].AsGuid,
        Enum.Parse<DecisionPointKind>(d[nameof(DecisionPointEvent.Kind)].AsString),
        d[nameof(DecisionPointEvent.StoreId)].AsString,
        d[nameof(DecisionPointEvent.CameraId)].AsString,
        d[nameof(DecisionPointEvent.ZoneId)].AsString,
        d[nameof(DecisionPointEvent.TrackId)].AsInt64,
        DocumentTime.Parse(d[nameof(DecisionPointEvent.Timestamp)].AsString),
        DocumentTime.Parse(d[nameof(DecisionPointEvent.EnteredAt)].AsString),
        d[nameof(DecisionPointEvent.ExitedAt)].IsNull ? null : DocumentTime.Parse(d[nameof(DecisionPointEvent.ExitedAt)].AsString),
        d[nameof(DecisionPointEvent.DwellSeconds)].IsNull ? null : d[nameof(DecisionPointEvent.DwellSeconds)].AsDouble)
    {
        // Events stored before these fields existed do not have them.
        DwellClass = Optional(d, nameof(DecisionPointEvent.DwellClass)) is { } dwellClass ? Enum.Parse<DwellClass>(dwellClass.AsString) : null,
        Direction = Optional(d, nameof(DecisionPointEvent.Direction)) is { } direction ? Enum.Parse<LineDirection>(direction.AsString) : null,
        Served = Optional(d, nameof(DecisionPointEvent.Served))?.AsBoolean,
    };

    private static BsonValue? Optional(BsonDocument d, string field) => d.TryGetValue(field, out var value) && !value.IsNull ? value : null;
}
