using System.Text.Json;
using System.Text.Json.Serialization;
using RetailVision.Contracts;
using RetailVision.Edge.Capture;
using RetailVision.Models;

namespace RetailVision.Edge.Configuration;

/// <summary>
/// Reads and strictly validates a store configuration file. Any problem stops start-up with one
/// <see cref="ConfigException"/> naming the file, the field and what is wrong.
/// </summary>
public static class StoreConfigLoader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly string[] ZoneKinds = ["shelf", "display", "queue", "entrance", "area"];

    public static StoreConfig Load(string path)
    {
        if (!File.Exists(path)) throw new ConfigException(path, "(file)", "does not exist");
        StoreConfig? config;
        try
        {
            using var stream = File.OpenRead(path);
            config = JsonSerializer.Deserialize<StoreConfig>(stream, Options);
        }
        catch (JsonException ex)
        {
            throw new ConfigException(path, ex.Path ?? "$", Describe(ex));
        }
        if (config is null) throw new ConfigException(path, "$", "is empty (JSON null)");
        Validate(path, config);
        return config;
    }

    /// <summary>Checks what the JSON shape cannot: ids, ranges, polygons, sources.</summary>
    public static void Validate(string file, StoreConfig config)
    {
        RequireId(file, "storeId", config.StoreId);
        RequireId(file, "agentId", config.AgentId);
        if (!ContractValidator.IsId(config.TopicPrefix)) throw new ConfigException(file, "topicPrefix", $"'{config.TopicPrefix}' must be letters, digits, '-', '_' or '.'");
        if (string.IsNullOrWhiteSpace(config.Broker.Host)) throw new ConfigException(file, "broker.host", "must not be empty");
        if (config.Broker.CaCertificatePath is { } ca && !File.Exists(ca)) throw new ConfigException(file, "broker.caCertificatePath", $"'{ca}' does not exist");
        if (config.Broker.CaCertificatePath is not null && !config.Broker.UseTls) throw new ConfigException(file, "broker.caCertificatePath", "is only used with useTls: true");
        if (config.Broker.Port is < 1 or > 65535) throw new ConfigException(file, "broker.port", $"{config.Broker.Port} is not a TCP port");
        if (!TryParseInputSize(config.Detector.InputSize, out _, out var sizeError)) throw new ConfigException(file, "detector.inputSize", sizeError);
        if (config.Detector.ScoreThreshold is <= 0 or >= 1) throw new ConfigException(file, "detector.scoreThreshold", "must be between 0 and 1");
        if (config.Detector.NmsIouThreshold is <= 0 or > 1) throw new ConfigException(file, "detector.nmsIouThreshold", "must be in (0, 1]");
        if (config.Tracker.Mode is not ("bytetrack" or "sort")) throw new ConfigException(file, "tracker.mode", $"'{config.Tracker.Mode}' is not bytetrack or sort");
        if (config.Tracker.LostTrackBufferSeconds is < 0.1 or > 600) throw new ConfigException(file, "tracker.lostTrackBufferSeconds", "must be 0.1–600");
        if (Pipeline.PipelineSettingsFactory.Tracker(config.Tracker).Validate() is { } trackerError) throw new ConfigException(file, "tracker", trackerError);
        if (!DetectorConfig.TryParsePrecision(config.Detector.Precision, out _)) throw new ConfigException(file, "detector.precision", $"'{config.Detector.Precision}' is not int8 or fp32");
        if (config.Detector.Threads < 0) throw new ConfigException(file, "detector.threads", "must not be negative");
        if (config.Detector.MaxBatch is < 1 or > 64) throw new ConfigException(file, "detector.maxBatch", "must be 1–64");
        if (config.Heatmap.Columns is < 1 or > 256 || config.Heatmap.Rows is < 1 or > 256) throw new ConfigException(file, "heatmap", "columns and rows must be 1–256");
        if (config.Heatmap.PublishIntervalSeconds is < 1 or > 86400) throw new ConfigException(file, "heatmap.publishIntervalSeconds", "must be 1–86400");
        if (config.StatsIntervalSeconds is < 1 or > 3600) throw new ConfigException(file, "statsIntervalSeconds", "must be 1–3600");
        if (config.Cameras.Length == 0) throw new ConfigException(file, "cameras", "lists no camera");

        var cameraIds = new HashSet<string>(StringComparer.Ordinal);
        var zoneIds = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < config.Cameras.Length; c++)
        {
            var camera = config.Cameras[c];
            var at = $"cameras[{c}]";
            RequireId(file, $"{at}.id", camera.Id);
            if (!cameraIds.Add(camera.Id)) throw new ConfigException(file, $"{at}.id", $"duplicate camera id '{camera.Id}'");
            if (camera.DetectFps is < 0 or > 120) throw new ConfigException(file, $"{at}.detectFps", "must be 0 (every frame) to 120");
            if (!VideoSourceUri.TryParse(camera.Source, out _, out var sourceError)) throw new ConfigException(file, $"{at}.source", sourceError);
            if (camera.MotionGate?.Validate() is { } motionError) throw new ConfigException(file, $"{at}.motionGate", motionError);
            for (var z = 0; z < camera.Zones.Length; z++)
                ValidateZone(file, $"{at}.zones[{z}]", camera.Zones[z], zoneIds);
            for (var l = 0; l < camera.Lines.Length; l++)
                ValidateLine(file, $"{at}.lines[{l}]", camera.Lines[l], zoneIds);
        }
    }

    private static void ValidateZone(string file, string at, ZoneConfig zone, HashSet<string> zoneIds)
    {
        RequireId(file, $"{at}.id", zone.Id);
        // Zone ids are unique per store: KPIs and journeys key on them.
        if (!zoneIds.Add(zone.Id)) throw new ConfigException(file, $"{at}.id", $"duplicate zone id '{zone.Id}'");
        if (Array.IndexOf(ZoneKinds, zone.Kind) < 0) throw new ConfigException(file, $"{at}.kind", $"'{zone.Kind}' is not one of {string.Join(", ", ZoneKinds)}");
        if (zone.Polygon.Length < 3) throw new ConfigException(file, $"{at}.polygon", $"has {zone.Polygon.Length} points, a zone needs at least 3");
        for (var p = 0; p < zone.Polygon.Length; p++)
        {
            var point = zone.Polygon[p];
            if (!IsPoint(point))
                throw new ConfigException(file, $"{at}.polygon[{p}]", "must be an [x, y] pair of numbers");
        }
        if (zone.BrowseSeconds is < 0 or > 86400 || zone.EngagedSeconds < zone.BrowseSeconds || zone.EngagedSeconds > 86400)
            throw new ConfigException(file, $"{at}.engagedSeconds", "browseSeconds and engagedSeconds must be 0–86400 with browseSeconds ≤ engagedSeconds");
        if (zone.Kind == "queue" ? !IsPoint(zone.ServicePoint) : zone.ServicePoint is not null)
            throw new ConfigException(file, $"{at}.servicePoint", "queue zones need one [x, y] service point; other zones have none");
        if (zone.MinPresenceSeconds is < 0 or > 3600) throw new ConfigException(file, $"{at}.minPresenceSeconds", "must be 0–3600");
        if (zone.ExitGraceSeconds is < 0 or > 3600) throw new ConfigException(file, $"{at}.exitGraceSeconds", "must be 0–3600");
    }

    /// <summary>Parses a detector input size WxH; both sides must be multiples of 32, the model's largest stride.</summary>
    public static bool TryParseInputSize(string? text, out InputSize size, out string error)
    {
        size = default;
        try
        {
            size = InputSize.Parse(text ?? "");
            size.EnsureMultipleOf(32);
            error = "";
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            error = ex.Message;
            return false;
        }
    }

    private static void ValidateLine(string file, string at, LineConfig line, HashSet<string> ids)
    {
        RequireId(file, $"{at}.id", line.Id);
        // Lines share the store's id space with zones: both are decision points in KPIs and journeys.
        if (!ids.Add(line.Id)) throw new ConfigException(file, $"{at}.id", $"duplicate zone or line id '{line.Id}'");
        if (!IsPoint(line.A)) throw new ConfigException(file, $"{at}.a", "must be an [x, y] pair of numbers");
        if (!IsPoint(line.B)) throw new ConfigException(file, $"{at}.b", "must be an [x, y] pair of numbers");
        if (line.A[0] == line.B[0] && line.A[1] == line.B[1]) throw new ConfigException(file, $"{at}.b", "must differ from a");
        if (line.HysteresisPixels is < 0 or > 500) throw new ConfigException(file, $"{at}.hysteresisPixels", "must be 0–500");
    }

    private static bool IsPoint(float[]? p) => p is { Length: 2 } && float.IsFinite(p[0]) && float.IsFinite(p[1]);

    private static void RequireId(string file, string field, string? id)
    {
        if (!ContractValidator.IsId(id))
            throw new ConfigException(file, field, $"'{id}' must be 1–{ContractValidator.MaxIdLength} letters, digits, '-', '_' or '.'");
    }

    // System.Text.Json's messages name .NET types; users need the key and the problem.
    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var unknown = "The JSON property '";
        var start = message.IndexOf(unknown, StringComparison.Ordinal);
        if (start >= 0)
        {
            var end = message.IndexOf('\'', start + unknown.Length);
            if (end > start) return $"unknown key '{message[(start + unknown.Length)..end]}'";
        }
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var props = message.IndexOf("including: ", StringComparison.Ordinal);
            return props >= 0 ? $"missing required key {message[(props + 11)..].TrimEnd('.')}" : "missing a required key";
        }
        var dot = message.IndexOf(". Path:", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message;
    }
}
