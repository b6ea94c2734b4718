using System.Text;
using System.Text.Json.Nodes;
using RetailVision.Contracts;

namespace RetailVision.FaultTests.Support;

/// <summary>One message a hostile or broken client publishes, and whether the broker should refuse it outright.</summary>
public sealed record MalformedMessage(string Kind, string Topic, byte[] Payload, bool RefusedByAcl);

/// <summary>
/// Messages the aggregator must dead-letter (or, on another store's topic, refuse) without falling over: random bytes,
/// cut JSON, deep nesting, wrong types, unknown versions, missing fields, foreign store ids, unknown topics, heatmaps
/// of frames no camera has, and bodies over the payload limit. Deterministic for a seed.
/// </summary>
public sealed class MalformedPayloads(string prefix, string ownStore, string foreignStore, int seed)
{
    /// <summary>Over the contract's payload limit but inside the broker's packet limit, so it reaches validation and is dead-lettered.</summary>
    public const int HugeBytes = ContractValidator.MaxPayloadBytes + 4 * 1024;
    private static readonly string[] RequiredFields = ["version", "eventId", "kind", "storeId", "cameraId", "zoneId", "trackId", "timestamp", "enteredAt"];
    private readonly Random _random = new(seed);

    /// <summary><paramref name="count"/> messages: <paramref name="huge"/> bodies just over the payload limit, <paramref name="foreign"/> on the foreign store's topic, the rest mixed.</summary>
    public IEnumerable<MalformedMessage> Generate(int count, int huge, int foreign)
    {
        for (var i = 0; i < huge; i++) yield return new("over-limit-body", OwnTopic, RandomBytes(HugeBytes), false);
        for (var i = 0; i < foreign; i++)
            yield return new("foreign-store-topic", MqttTopics.Events(prefix, foreignStore, "cam"), ContractJson.Serialize(ValidEvent(foreignStore)), true);
        for (var i = huge + foreign; i < count; i++) yield return Mixed(i);
    }

    private string OwnTopic => MqttTopics.Events(prefix, ownStore, "cam");

    private MalformedMessage Mixed(int i) => (i % 10) switch
    {
        0 => new("random-bytes", OwnTopic, RandomBytes(_random.Next(1, 2000)), false),
        1 => new("truncated-json", OwnTopic, Truncated(), false),
        2 => new("deeply-nested-json", OwnTopic, Nested(_random.Next(9, 20_000)), false),
        3 => new("wrong-types", OwnTopic, WrongType(), false),
        4 => new("unknown-version", OwnTopic, With("version", JsonValue.Create(_random.Next(2, 1000))), false),
        5 => new("missing-field", OwnTopic, Without(RequiredFields[_random.Next(RequiredFields.Length)]), false),
        6 => new("store-id-not-the-topics", OwnTopic, ContractJson.Serialize(ValidEvent(foreignStore)), false),
        7 => new("unknown-topic", $"{prefix}/{ownStore}/cam/commands", ContractJson.Serialize(ValidEvent(ownStore)), false),
        8 => new("undrawable-heatmap", MqttTopics.Heatmap(prefix, ownStore, "cam"), ContractJson.Serialize(UndrawableHeatmap()), false),
        _ => new("empty", OwnTopic, [], false),
    };

    /// <summary>Well-formed JSON of the contract's types whose frame or grid no camera has: 1 × 16384, or more cells than pixels.</summary>
    private HeatmapSnapshot UndrawableHeatmap()
    {
        var at = DateTimeOffset.UtcNow;
        var (width, height, columns, rows) = _random.Next(3) switch
        {
            0 => (1, 16384, 1, 1),
            1 => (16384, 1, 1, 1),
            _ => (16, 12, 64, 48),
        };
        return new(ContractVersion.Current, Guid.NewGuid(), ownStore, "cam", at, at.AddMinutes(1), width, height, columns, rows, new float[columns * rows]);
    }

    private DecisionPointEvent ValidEvent(string store)
    {
        var at = DateTimeOffset.UtcNow;
        return new(ContractVersion.Current, Guid.NewGuid(), DecisionPointKind.ZoneEnter, store, "cam", "zone", _random.Next(1, 1000), at, at, null, null);
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private byte[] Truncated()
    {
        var json = ContractJson.Serialize(ValidEvent(ownStore));
        return json[.._random.Next(1, json.Length - 1)];
    }

    private byte[] Nested(int depth)
    {
        var text = new StringBuilder(depth * 6 + 2);
        for (var d = 0; d < depth; d++) text.Append("{\"a\":");
        text.Append('1');
        text.Append('}', depth);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private byte[] WrongType() => _random.Next(4) switch
    {
        0 => With("eventId", JsonValue.Create(12345)),
        1 => With("trackId", JsonValue.Create("seven")),
        2 => With("enteredAt", JsonValue.Create(true)),
        _ => With("storeId", new JsonArray(ownStore)),
    };

    private byte[] With(string field, JsonNode? value)
    {
        var json = JsonNode.Parse(ContractJson.Serialize(ValidEvent(ownStore)))!.AsObject();
        json[field] = value;
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private byte[] Without(string field)
    {
        var json = JsonNode.Parse(ContractJson.Serialize(ValidEvent(ownStore)))!.AsObject();
        Assert.True(json.Remove(field), $"the contract has no field '{field}'");
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}
