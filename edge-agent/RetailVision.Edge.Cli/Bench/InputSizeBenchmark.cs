using Microsoft.Extensions.Logging;
using OpenCvSharp;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Evaluation;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Pipeline;
using RetailVision.Models;

namespace RetailVision.Edge.Cli.Bench;

/// <summary>Speed and person accuracy of one detector input size, so a user can trade one for the other.</summary>
internal sealed record InputSizeSample(string Model, double FramesPerSecond, double? Recall, double? Precision);

/// <summary>
/// Model-only frames per second at an input size, and recall/precision (score ≥ 0.5, IoU ≥ 0.5) on PETS09-S2L1
/// frames 1–400 when the ground truth is at hand, on frames decoded as <c>run</c> decodes them (scaled to the input).
/// </summary>
internal static class InputSizeBenchmark
{
    public static InputSizeSample Run(PreparedModel model, DetectorConfig config, VideoSourceUri video, CaptureOptions capture, Mat frame, string? groundTruth, int frames, ILogger logger)
    {
        var settings = PipelineSettingsFactory.Detector(config with { ScoreThreshold = 0.5f }, model);
        double fps;
        using (var modelOnly = new ModelOnlyBenchmark(model.OnnxPath, settings, frame))
            fps = modelOnly.Run(frames);
        if (groundTruth is null) return new InputSizeSample(model.ModelId, fps, null, null);
        using var detector = new PersonDetector(model.OnnxPath, settings, logger);
        using var source = FrameSources.Open(video, capture, logger);
        var metrics = DetectorAccuracy.Measure(detector, source, groundTruth, 400, settings.MaxDetections);
        return new InputSizeSample(model.ModelId, fps, metrics.Recall, metrics.Precision);
    }
}
