using System.Runtime.InteropServices;
using RetailVision.Edge.Tracking;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Evaluation;

/// <summary>
/// Runs the zone visit tracker and line counter over the tracks of a MOT file, frame by frame from frame 1 to
/// <c>lastFrame</c> (frames without rows are empty frames), each at (frame − 1) / fps seconds.
/// </summary>
public static class ZoneAccuracyReplay
{
    public static ZoneAccuracyReplayResult Run(ZoneLayout layout, IReadOnlyList<MotRow> rows, double fps, int lastFrame)
    {
        if (!(fps > 0) || double.IsInfinity(fps)) throw new ArgumentOutOfRangeException(nameof(fps), "fps must be finite and positive");
        var byFrame = rows.Where(r => r.Frame <= lastFrame).ToLookup(r => r.Frame);
        var visits = new ZoneVisitTracker(layout.Zones);
        var counter = new LineCrossingCounter(layout.Lines);
        var transitions = new List<ZoneTransition>();
        var crossings = new List<LineCrossing>();
        var people = new List<TrackedPerson>();
        for (var frame = 1; frame <= lastFrame; frame++)
        {
            people.Clear();
            foreach (var row in byFrame[frame]) people.Add(new TrackedPerson(row.Id, row.Box, row.Score, false));
            var t = (frame - 1) / fps;
            visits.Update(CollectionsMarshal.AsSpan(people), t, transitions);
            counter.Update(CollectionsMarshal.AsSpan(people), t, crossings);
        }
        visits.Flush((lastFrame - 1) / fps, transitions);
        return new ZoneAccuracyReplayResult(
            [.. transitions.Where(v => v.Kind == ZoneTransitionKind.Exit)],
            [.. Enumerable.Range(0, layout.Lines.Count).Select(counter.In)],
            [.. Enumerable.Range(0, layout.Lines.Count).Select(counter.Out)]);
    }
}
