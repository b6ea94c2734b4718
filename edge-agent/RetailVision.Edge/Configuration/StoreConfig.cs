namespace RetailVision.Edge.Configuration;

/// <summary>One store's edge configuration: the file an installer writes (see deploy/*.store.json).</summary>
public sealed record StoreConfig
{
    /// <summary>Store id; appears in topics and in every event.</summary>
    public required string StoreId { get; init; }

    /// <summary>
    /// This box's name within the store: its MQTT client id is <c>{storeId}:{agentId}</c>, so several boxes of one store
    /// keep their own sessions. Defaults to the host name (reduced to the id alphabet).
    /// </summary>
    public string AgentId { get; init; } = DefaultAgentId();

    /// <summary>Topic prefix shared with the aggregator.</summary>
    public string TopicPrefix { get; init; } = Contracts.MqttTopics.DefaultPrefix;

    public BrokerConfig Broker { get; init; } = new();

    public DetectorConfig Detector { get; init; } = new();

    public TrackerConfig Tracker { get; init; } = new();

    public HeatmapConfig Heatmap { get; init; } = new();

    public required CameraConfig[] Cameras { get; init; }

    /// <summary>Seconds between the stats messages (and log lines) the agent publishes.</summary>
    public double StatsIntervalSeconds { get; init; } = 60;

    private static string DefaultAgentId()
    {
        var name = new string(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
        return Contracts.ContractValidator.IsId(name) ? name : "edge";
    }
}

/// <summary>Where the aggregator's MQTT broker is and how this store signs in to it.</summary>
public sealed record BrokerConfig
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 1883;
    public string? Username { get; init; }
    public string? Password { get; init; }
    public bool UseTls { get; init; }

    /// <summary>PEM certificate of the authority that signed the broker's certificate, for a private or self-signed one; null trusts the system's store.</summary>
    public string? CaCertificatePath { get; init; }
}

/// <summary>Detector choices a user may change; everything else comes from the model manifest.</summary>
public sealed record DetectorConfig
{
    /// <summary>Model input size as WxH, multiples of 32 (e.g. 416x416, 640x640).</summary>
    public string InputSize { get; init; } = "416x416";

    /// <summary>
    /// Lowest person score handed to the tracker. ByteTrack uses 0.1–0.5 detections only to keep existing tracks alive
    /// through occlusion; its own thresholds decide what starts a track.
    /// </summary>
    public float ScoreThreshold { get; init; } = 0.1f;

    public float NmsIouThreshold { get; init; } = 0.6f;

    /// <summary>cpu, cuda or tensorrt.</summary>
    public string ExecutionProvider { get; init; } = "cpu";

    /// <summary>
    /// int8 (the default: the quantised model, about twice as fast on CPU at the same recall) or fp32 (the converted
    /// model as trained; the choice on GPUs without int8 kernels).
    /// </summary>
    public string Precision { get; init; } = "int8";

    /// <summary>The model precision <see cref="Precision"/> names (int8 unless it is a valid fp32).</summary>
    public RetailVision.Models.ModelPrecision ModelPrecision =>
        TryParsePrecision(Precision, out var precision) ? precision : RetailVision.Models.ModelPrecision.Int8;

    /// <summary>Reads "int8" or "fp32", the one spelling of a precision in configs and on the command line.</summary>
    public static bool TryParsePrecision(string? text, out RetailVision.Models.ModelPrecision precision)
    {
        precision = text == "fp32" ? RetailVision.Models.ModelPrecision.Fp32 : RetailVision.Models.ModelPrecision.Int8;
        return text is "int8" or "fp32";
    }

    /// <summary>The spelling <see cref="TryParsePrecision"/> reads.</summary>
    public static string NameOf(RetailVision.Models.ModelPrecision precision) => precision == RetailVision.Models.ModelPrecision.Int8 ? "int8" : "fp32";

    /// <summary>Inference threads; 0 means one per core.</summary>
    public int Threads { get; init; }

    /// <summary>Most frames from different cameras run through the detector together (1 turns batching off).</summary>
    public int MaxBatch { get; init; } = 8;
}

/// <summary>Which tracker follows people between detections and how long a lost person keeps their identity.</summary>
public sealed record TrackerConfig
{
    /// <summary>bytetrack (the default) or sort (the SORT-class baseline).</summary>
    public string Mode { get; init; } = "bytetrack";

    /// <summary>Seconds a person unseen by the detector keeps their identity (a shopper hidden behind a display).</summary>
    public double LostTrackBufferSeconds { get; init; } = 3;

    /// <summary>Detections at or above this score are matched first; weaker ones only keep existing tracks alive.</summary>
    public float HighScoreThreshold { get; init; } = 0.5f;

    /// <summary>Only an unmatched detection this confident starts a new person.</summary>
    public float NewTrackThreshold { get; init; } = 0.7f;

    /// <summary>Least overlap between a detection and a person's predicted box for them to be paired.</summary>
    public float IouThreshold { get; init; } = 0.2f;

    /// <summary>Matched detections before a new person is reported.</summary>
    public int MinHits { get; init; } = 3;
}

/// <summary>The occupancy heatmap grid and how often a snapshot of it is published.</summary>
public sealed record HeatmapConfig
{
    public int Columns { get; init; } = 48;
    public int Rows { get; init; } = 36;
    public double PublishIntervalSeconds { get; init; } = 60;
}

/// <summary>One camera: where its video comes from, how often to detect, and its zones.</summary>
public sealed record CameraConfig
{
    public required string Id { get; init; }

    /// <summary>A video file path (or file:// URI), or usb:N / /dev/videoN for a local camera.</summary>
    public required string Source { get; init; }

    /// <summary>Detections per second; the tracker carries people between them. 0 means every frame.</summary>
    public double DetectFps { get; init; } = 5;

    /// <summary>For file sources: pace frames at the file's frame rate (as a live camera would) instead of as fast as possible.</summary>
    public bool Realtime { get; init; }

    /// <summary>For file sources: start again from the first frame at the end, with time running on (soak tests, demos).</summary>
    public bool Loop { get; init; }

    /// <summary>Skip the detector while this camera's image stays still (the tracker keeps the people standing in it); absent means always detect.</summary>
    public Motion.MotionGateSettings? MotionGate { get; init; }

    public ZoneConfig[] Zones { get; init; } = [];

    public LineConfig[] Lines { get; init; } = [];
}

/// <summary>
/// A directional counting line (an entrance) in image pixels from A to B. "In" is a crossing from the left of A→B to
/// its right, as seen in the image.
/// </summary>
public sealed record LineConfig
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public required float[] A { get; init; }
    public required float[] B { get; init; }

    /// <summary>A person must get this far past the line on the other side to count, so jitter on the line never does.</summary>
    public double HysteresisPixels { get; init; } = 10;
}

/// <summary>A polygon zone in the camera's image pixels, tested at people's foot points.</summary>
public sealed record ZoneConfig
{
    public required string Id { get; init; }
    public string? Name { get; init; }

    /// <summary>shelf, display, queue, entrance or area.</summary>
    public string Kind { get; init; } = "area";

    /// <summary>Vertices as [x, y] pairs in image pixels.</summary>
    public required float[][] Polygon { get; init; }

    /// <summary>Seconds a person must be inside before the visit counts.</summary>
    public double MinPresenceSeconds { get; init; } = 1.0;

    /// <summary>Seconds a person may be outside (or unseen) before the visit ends.</summary>
    public double ExitGraceSeconds { get; init; } = 1.5;

    /// <summary>A visit shorter than this is a pass-by; from here on it is browsing.</summary>
    public double BrowseSeconds { get; init; } = 2;

    /// <summary>A visit at least this long is engagement.</summary>
    public double EngagedSeconds { get; init; } = 8;

    /// <summary>Queue zones: where people are served ([x, y]); leaving toward it is served, leaving elsewhere is giving up.</summary>
    public float[]? ServicePoint { get; init; }
}
