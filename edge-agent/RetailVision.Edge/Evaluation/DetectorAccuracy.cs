using OpenCvSharp;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Inference;

namespace RetailVision.Edge.Evaluation;

/// <summary>
/// A detector alone against ground truth: every frame from 1 to <c>lastFrame</c> is detected and the boxes are scored
/// as a tracker without identities would be, so recall and precision (IoU ≥ 0.5) come from the same evaluator as MOTA.
/// The source may scale frames (as `run` decodes them); boxes are mapped back to the source's pixels.
/// </summary>
public static class DetectorAccuracy
{
    public static MotMetrics Measure(IPersonDetector detector, IFrameSource source, string groundTruthPath, int lastFrame, int maxDetections)
    {
        using var frame = new Mat();
        var found = new Detection[maxDetections];
        var rows = new List<MotRow>();
        // Ground truth is in the source's pixels; a decoder that scaled the frames leaves boxes in its own.
        var sx = (float)source.SourceWidth / source.Width;
        var sy = (float)source.SourceHeight / source.Height;
        for (var frameNumber = 1; frameNumber <= lastFrame && source.Read(frame, out _); frameNumber++)
        {
            var count = detector.Detect(frame, found);
            for (var i = 0; i < count; i++) rows.Add(new MotRow(frameNumber, rows.Count + 1, found[i].Box.Scaled(sx, sy), found[i].Score));
        }
        return MotEvaluator.Evaluate(MotFile.Read(groundTruthPath), rows, 1, lastFrame);
    }
}
