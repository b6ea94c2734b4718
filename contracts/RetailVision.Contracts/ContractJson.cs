using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetailVision.Contracts;

/// <summary>
/// The one JSON form of the contract: camelCase fields, snake_case kinds, ISO-8601 times. Strict on read (unknown
/// fields, missing fields and nulls where none are allowed are errors) so both sides agree on every byte.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 8,
    UseStringEnumConverter = true,
    Converters = [typeof(SnakeCaseEnumConverter<DecisionPointKind>), typeof(SnakeCaseEnumConverter<DwellClass>),
        typeof(SnakeCaseEnumConverter<LineDirection>)])]
[JsonSerializable(typeof(DecisionPointEvent))]
[JsonSerializable(typeof(HeatmapSnapshot))]
[JsonSerializable(typeof(CameraStatusMessage))]
[JsonSerializable(typeof(EdgeStatsMessage))]
public sealed partial class ContractJson : JsonSerializerContext
{
    public static byte[] Serialize(CameraStatusMessage m) => JsonSerializer.SerializeToUtf8Bytes(m, Default.CameraStatusMessage);

    public static byte[] Serialize(EdgeStatsMessage m) => JsonSerializer.SerializeToUtf8Bytes(m, Default.EdgeStatsMessage);

    public static byte[] Serialize(DecisionPointEvent e) => JsonSerializer.SerializeToUtf8Bytes(e, Default.DecisionPointEvent);

    public static byte[] Serialize(HeatmapSnapshot s) => JsonSerializer.SerializeToUtf8Bytes(s, Default.HeatmapSnapshot);

    public static string SerializeToString(DecisionPointEvent e) => JsonSerializer.Serialize(e, Default.DecisionPointEvent);

    public static string SerializeToString(HeatmapSnapshot s) => JsonSerializer.Serialize(s, Default.HeatmapSnapshot);
}

/// <summary>Writes and reads an enum as snake_case text ("zone_enter"); numbers are refused.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
