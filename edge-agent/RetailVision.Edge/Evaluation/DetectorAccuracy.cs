using OpenCvSharp;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Inference;

namespace RetailVision.Edge.Evaluation;

/// <summary>
/// A detector alone against ground truth: every frame from 1 to <c>lastFrame</c> is detected and the boxes are scored
/// as a tracker without identities would be, so recall and precision (IoU ≥ 0.5) come from the same evaluator as MOTA.
/// </summary>
public static class DetectorAccuracy
{
    public static MotMetrics Measure(IPersonDetector detector, IFrameSource source, string groundTruthPath, int lastFrame, int maxDetections)
    {
        using var frame = new Mat();
        var found = new Detection[maxDetections];
        var rows = new List<MotRow>();
        for (var frameNumber = 1; frameNumber <= lastFrame && source.Read(frame, out _); frameNumber++)
        {
            var count = detector.Detect(frame, found);
            for (var i = 0; i < count; i++) rows.Add(new MotRow(frameNumber, rows.Count + 1, found[i].Box, found[i].Score));
        }
        return MotEvaluator.Evaluate(MotFile.Read(groundTruthPath), rows, 1, lastFrame);
    }
}
