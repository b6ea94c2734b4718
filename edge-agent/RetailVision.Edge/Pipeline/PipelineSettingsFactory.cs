using RetailVision.Edge.Capture;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Inference;

namespace RetailVision.Edge.Pipeline;

/// <summary>Resolves the store configuration and an opened source into the settings a camera pipeline and its detector run with.</summary>
public static class PipelineSettingsFactory
{
    public static DetectorSettings Detector(DetectorConfig config, InputSize size) => new()
    {
        InputWidth = size.Width,
        InputHeight = size.Height,
        ScoreThreshold = config.ScoreThreshold,
        NmsIouThreshold = config.NmsIouThreshold,
        ExecutionProvider = config.ExecutionProvider,
        IntraOpThreads = config.Threads > 0 ? config.Threads : Math.Max(1, Environment.ProcessorCount),
    };

    public static CameraPipelineSettings Camera(StoreConfig store, CameraConfig camera, FrameSource source, DateTimeOffset streamStart,
        double detectFps, int firstFrameNumber) => new()
    {
        StoreId = store.StoreId,
        CameraId = camera.Id,
        StreamStart = streamStart,
        FrameWidth = source.Width,
        FrameHeight = source.Height,
        FramesPerSecond = source.FramesPerSecond,
        DetectFps = detectFps,
        FirstFrameNumber = firstFrameNumber,
        Zones = ZoneConfigMapper.ToZones(camera.Zones),
        Heatmap = store.Heatmap,
    };
}
