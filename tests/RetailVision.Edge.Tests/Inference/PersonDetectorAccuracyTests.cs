using Microsoft.Extensions.Logging.Abstractions;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Evaluation;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Pipeline;
using RetailVision.Tests.Shared;
using RetailVision.Models;
using Xunit.Abstractions;

namespace RetailVision.Edge.Tests.Inference;

/// <summary>
/// The converted detector (fp32, and its int8 variant) with our preprocessing and decode, on the real PETS09-S2L1
/// frames 1–400 against ground truth: a check that conversion, quantisation, letterbox, normalisation and the GFL
/// decode are all right.
/// </summary>
public class PersonDetectorAccuracyTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData(ModelPrecision.Fp32)]
    [InlineData(ModelPrecision.Int8)]
    public void Finds_people_in_pets09_at_the_required_recall_and_precision(ModelPrecision precision)
    {
        TestRepository.RequireEvalData();
        var model = ModelStore.OpenDefault().Prepare(416, 416, precision);
        var settings = PipelineSettingsFactory.Detector(new DetectorConfig { ScoreThreshold = 0.5f }, model);
        using var detector = new PersonDetector(model.OnnxPath, settings, NullLogger.Instance);
        VideoSourceUri.TryParse(TestRepository.VtestVideo, out var uri, out _);
        using var source = VideoFrameSource.Open(uri);
        var metrics = DetectorAccuracy.Measure(detector, source, TestRepository.Mot("PETS09-S2L1", "gt-frames-1-400.txt"), 400, settings.MaxDetections);
        output.WriteLine($"{Path.GetFileName(model.OnnxPath)}, score ≥ 0.5: recall {metrics.Recall:0.000}, precision {metrics.Precision:0.000} over {metrics.Frames} frames");
        Assert.Equal(400, metrics.Frames);
        Assert.True(metrics.Recall >= 0.85, $"recall {metrics.Recall:0.000} < 0.85");
        Assert.True(metrics.Precision >= 0.90, $"precision {metrics.Precision:0.000} < 0.90");
    }
}
