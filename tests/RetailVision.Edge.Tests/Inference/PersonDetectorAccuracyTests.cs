using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Evaluation;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Pipeline;
using RetailVision.Tests.Shared;
using RetailVision.Models;
using Xunit.Abstractions;

namespace RetailVision.Edge.Tests.Inference;

/// <summary>
/// The converted detector with our preprocessing and decode, on the real PETS09-S2L1 frames 1–400 against ground truth:
/// a check that conversion, letterbox, normalisation and the GFL decode are all right.
/// <see cref="ModelOverrideVariable"/> names another 416x416 model file to score the same way (how the int8 variant's
/// recall and precision are measured against the float model's).
/// </summary>
public class PersonDetectorAccuracyTests(ITestOutputHelper output)
{
    public const string ModelOverrideVariable = "RETAILVISION_ACCURACY_MODEL";

    [Fact]
    public void Finds_people_in_pets09_at_the_required_recall_and_precision()
    {
        if (!TestRepository.HasEvalData(output)) return;
        var model = ModelStore.OpenDefault().Prepare(416, 416);
        var modelPath = Environment.GetEnvironmentVariable(ModelOverrideVariable) is { Length: > 0 } overridden ? overridden : model.OnnxPath;
        var settings = PipelineSettingsFactory.Detector(new DetectorConfig { ScoreThreshold = 0.5f }, model);
        using var detector = new PersonDetector(modelPath, settings, NullLogger.Instance);
        VideoSourceUri.TryParse(TestRepository.VtestVideo, out var uri, out _);
        using var source = VideoFrameSource.Open(uri);
        using var frame = new Mat();
        var found = new Detection[settings.MaxDetections];
        var rows = new List<MotRow>();
        for (var frameNumber = 1; frameNumber <= 400 && source.Read(frame, out _); frameNumber++)
        {
            var count = detector.Detect(frame, found);
            for (var i = 0; i < count; i++) rows.Add(new MotRow(frameNumber, rows.Count + 1, found[i].Box, found[i].Score));
        }

        var metrics = MotEvaluator.Evaluate(MotFile.Read(TestRepository.Mot("PETS09-S2L1", "gt-frames-1-400.txt")), rows, 1, 400);
        output.WriteLine($"{Path.GetFileName(modelPath)}, score ≥ 0.5: recall {metrics.Recall:0.000}, precision {metrics.Precision:0.000} over {metrics.Frames} frames");
        Assert.Equal(400, metrics.Frames);
        Assert.True(metrics.Recall >= 0.85, $"recall {metrics.Recall:0.000} < 0.85");
        Assert.True(metrics.Precision >= 0.90, $"precision {metrics.Precision:0.000} < 0.90");
    }
}
