using RetailVision.Edge.Capture;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Tracking;
using RetailVision.Models;

namespace RetailVision.Edge.Pipeline;

/// <summary>Resolves the store configuration and an opened source into the settings a camera pipeline and its detector run with.</summary>
public static class PipelineSettingsFactory
{
    /// <summary>The prepared model's preprocessing and decoding, with the store's thresholds and threads.</summary>
    public static DetectorSettings Detector(DetectorConfig config, PreparedModel model) => new()
    {
        InputWidth = model.Input.Width,
        InputHeight = model.Input.Height,
        MeanBgr = [.. model.Input.Mean],
        StdBgr = [.. model.Input.Std],
        CenterLetterbox = model.Input.Letterbox.Anchor switch
        {
            "center" => true,
            "top-left" => false,
            var anchor => throw new InvalidDataException($"model {model.ModelId}: letterbox anchor '{anchor}' is not center or top-left"),
        },
        Strides = [.. model.Decoder.Strides],
        RegMax = model.Decoder.RegMax,
        ClassCount = model.Classes.Count,
        PersonClass = PersonClassOf(model),
        ScoreThreshold = config.ScoreThreshold,
        NmsIouThreshold = config.NmsIouThreshold,
        ExecutionProvider = config.ExecutionProvider,
        IntraOpThreads = config.Threads > 0 ? config.Threads : Math.Max(1, Environment.ProcessorCount),
    };

    /// <summary>The product's tracker settings with the store's choice of tracker and lost-track buffer.</summary>
    public static TrackerOptions Tracker(TrackerConfig config) => TrackerOptions.Default with
    {
        Mode = config.Mode == "sort" ? TrackerMode.Sort : TrackerMode.ByteTrack,
        // Each tracker has its own name for the same setting.
        LostTrackBufferSeconds = config.LostTrackBufferSeconds,
        MaxAgeSeconds = config.LostTrackBufferSeconds,
        HighScoreThreshold = config.HighScoreThreshold,
        NewTrackThreshold = config.NewTrackThreshold,
        IouThreshold = config.IouThreshold,
        MinHits = config.MinHits,
    };

    private static int PersonClassOf(PreparedModel model)
    {
        for (var i = 0; i < model.Classes.Count; i++)
            if (model.Classes[i] == "person") return i;
        throw new InvalidDataException($"model {model.ModelId} has no 'person' class");
    }

    public static CameraPipelineSettings Camera(StoreConfig store, CameraConfig camera, IFrameSource source, DateTimeOffset streamStart,
        double detectFps, int firstFrameNumber) =>
        Camera(store, camera, new VideoFormat(source.Width, source.Height, source.FramesPerSecond, source.FrameCount)
        {
            SourceSize = (source.SourceWidth, source.SourceHeight),
        }, streamStart, detectFps, firstFrameNumber);

    public static CameraPipelineSettings Camera(StoreConfig store, CameraConfig camera, VideoFormat source, DateTimeOffset streamStart,
        double detectFps, int firstFrameNumber) => new()
    {
        StoreId = store.StoreId,
        CameraId = camera.Id,
        StreamStart = streamStart,
        // Zones and heatmap cells are in the source's own pixels, whatever size the decoder delivers.
        FrameWidth = source.SourceSize.Width,
        FrameHeight = source.SourceSize.Height,
        FramesPerSecond = source.FramesPerSecond,
        DetectFps = detectFps,
        FirstFrameNumber = firstFrameNumber,
        Zones = ZoneConfigMapper.ToZones(camera.Zones),
        Lines = ZoneConfigMapper.ToLines(camera.Lines),
        Tracker = Tracker(store.Tracker),
        Heatmap = store.Heatmap,
        MotionGate = camera.MotionGate,
    };
}
