using LiteDB;

namespace RetailVision.Aggregator.Storage.LiteDb;

/// <summary>Dead letters as LiteDB documents with an increasing Int64 id, so "the latest N" is a reverse scan of _id.</summary>
public static class DeadLetterDocuments
{
    public const string Collection = "dead_letters";

    public static BsonDocument ToDocument(DeadLetter d) => new()
    {
        [nameof(d.Topic)] = d.Topic,
        [nameof(d.StoreId)] = d.StoreId is null ? BsonValue.Null : d.StoreId,
        [nameof(d.Reason)] = d.Reason,
        [nameof(d.ReceivedAt)] = DocumentTime.Format(d.ReceivedAt),
        [nameof(d.PayloadBytes)] = d.PayloadBytes,
        ["PayloadText"] = d.Payload.Text,
        ["PayloadEncoding"] = d.Payload.Encoding.ToString(),
        ["PayloadTruncated"] = d.Payload.Truncated,
    };

    public static DeadLetter FromDocument(BsonDocument d) => new(
        d[nameof(DeadLetter.Topic)].AsString,
        d[nameof(DeadLetter.StoreId)].IsString ? d[nameof(DeadLetter.StoreId)].AsString : null,
        d[nameof(DeadLetter.Reason)].AsString,
        DocumentTime.Parse(d[nameof(DeadLetter.ReceivedAt)].AsString),
        d[nameof(DeadLetter.PayloadBytes)].AsInt64,
        new PayloadExcerpt(d["PayloadText"].AsString, Enum.Parse<PayloadEncoding>(d["PayloadEncoding"].AsString), d["PayloadTruncated"].AsBoolean));
}
