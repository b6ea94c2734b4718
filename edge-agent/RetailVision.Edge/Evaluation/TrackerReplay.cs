using System.Runtime.InteropServices;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Evaluation;

/// <summary>
/// Runs the tracker <see cref="TrackerOptions.Mode"/> names over precomputed detections (a MOTChallenge det file) as the pipeline would over
/// video, producing the tracks file to score with <see cref="MotEvaluator"/>.
/// </summary>
public static class TrackerReplay
{
    /// <summary>
    /// Feeds frames 1..<paramref name="lastFrame"/> (default: the last frame with a detection) at
    /// <paramref name="framesPerSecond"/>, frame N at (N − 1) / fps seconds. The detector "runs" on every
    /// <paramref name="detectEveryNthFrame"/>-th frame starting with frame 1; the frames between are
    /// <see cref="IPersonTracker.Predict"/>ed.
    /// </summary>
    public static List<MotRow> Run(IReadOnlyList<MotRow> detections, TrackerOptions options, double framesPerSecond, int? lastFrame = null, int detectEveryNthFrame = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(detectEveryNthFrame);
        var last = lastFrame ?? 0;
        if (lastFrame is null)
            foreach (var row in detections) last = Math.Max(last, row.Frame);

        var byFrame = new List<Detection>[last + 1];
        foreach (var row in detections)
            if (row.Frame <= last) (byFrame[row.Frame] ??= []).Add(new Detection(row.Box, row.Score));

        var tracker = PersonTrackerFactory.Create(options);
        var output = new List<MotRow>();
        for (var frame = 1; frame <= last; frame++)
        {
            var timestamp = (frame - 1) / framesPerSecond;
            var tracks = (frame - 1) % detectEveryNthFrame == 0
                ? tracker.Update(CollectionsMarshal.AsSpan(byFrame[frame]), timestamp)
                : tracker.Predict(timestamp);
            foreach (var track in tracks) output.Add(new MotRow(frame, track.TrackId, track.Box, track.Score));
        }
        return output;
    }
}
