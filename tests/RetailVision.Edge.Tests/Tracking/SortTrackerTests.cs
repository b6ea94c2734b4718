using RetailVision.Edge.Geometry;
using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Tests.Tracking;

public sealed class SortTrackerTests
{
    private const double Fps = 25;

    private static Detection Person(float x, float y, float score = 0.9f) => new(new BoundingBox(x, y, 40, 100), score);

    [Fact]
    public void A_person_standing_still_keeps_one_id_through_a_second_of_detector_misses()
    {
        var tracker = new SortTracker(TrackerOptions.Default);
        var ids = new HashSet<int>();
        var reportedFrames = 0;
        for (var frame = 0; frame < 150; frame++)
        {
            var missed = frame is >= 50 and < 75; // one second without a detection
            var tracks = tracker.Update(missed ? [] : [Person(300, 200)], frame / Fps);
            foreach (var track in tracks) ids.Add(track.TrackId);
            reportedFrames += tracks.Length;
        }

        Assert.Equal(new[] { 1 }, ids);
        Assert.Equal(150 - 25, reportedFrames); // every frame with a detection (the stream's first frames need no confirmation)
    }

    [Fact]
    public void In_sort_mode_the_same_misses_cost_the_identity()
    {
        var tracker = new SortTracker(TrackerOptions.Sort(Fps));
        var ids = new HashSet<int>();
        for (var frame = 0; frame < 150; frame++)
            foreach (var track in tracker.Update(frame is >= 50 and < 75 ? [] : [Person(300, 200)], frame / Fps))
                ids.Add(track.TrackId);

        Assert.Equal(new[] { 1, 2 }, ids.Order());
    }

    [Fact]
    public void Two_people_crossing_keep_their_ids()
    {
        var tracker = new SortTracker(TrackerOptions.Default);
        var xsById = new Dictionary<int, List<float>>();
        for (var frame = 0; frame < 100; frame++)
        {
            // Left to right and right to left at 150 px/s; their boxes overlap for about a second in the middle.
            var walkedRight = 100 + 6f * frame;
            var walkedLeft = 700 - 6f * frame;
            foreach (var track in tracker.Update([Person(walkedRight, 200), Person(walkedLeft, 230)], frame / Fps))
                (xsById.TryGetValue(track.TrackId, out var xs) ? xs : xsById[track.TrackId] = []).Add(track.Box.X);
        }

        Assert.Equal(new[] { 1, 2 }, xsById.Keys.Order());
        var directions = xsById.Values.Select(xs => xs.Zip(xs.Skip(1), (a, b) => Math.Sign(b - a)).Distinct().Single()).Order();
        Assert.Equal(new[] { -1, 1 }, directions);
        Assert.All(xsById.Values, xs => Assert.Equal(100, xs.Count));
    }

    [Fact]
    public void Carries_people_between_detector_runs_at_predicted_boxes()
    {
        var tracker = new SortTracker(TrackerOptions.Default);
        var perFrame = new List<TrackedPerson[]>();
        for (var frame = 0; frame < 100; frame++)
        {
            var timestamp = frame / Fps;
            var x = 100 + 4f * frame;
            perFrame.Add(frame % 5 == 0 ? tracker.Update([Person(x, 200)], timestamp).ToArray() : tracker.Predict(timestamp).ToArray());
        }

        var later = perFrame.Skip(25).ToList(); // confirmed by then
        Assert.All(later, tracks => Assert.Equal(1, Assert.Single(tracks).TrackId));
        Assert.All(later.Where((_, i) => (i + 25) % 5 != 0), tracks => Assert.True(tracks[0].IsPredicted));
        // The motion model places the person where they really are between detections.
        Assert.All(later.Select((tracks, i) => (tracks[0].Box.X, Expected: 100 + 4f * (i + 25))), p => Assert.Equal(p.Expected, p.X, 2f));
    }

    [Fact]
    public void Ignores_detections_scored_below_the_threshold()
    {
        var tracker = new SortTracker(TrackerOptions.Default);

        var tracks = tracker.Update([Person(0, 0, score: 0.49f), Person(300, 0, score: 0.5f)], 0).ToArray();

        Assert.Equal(300, Assert.Single(tracks).Box.X, 1e-3f);
    }

    [Fact]
    public void Numbers_tracks_from_one_upwards()
    {
        var tracker = new SortTracker(TrackerOptions.Default);

        var first = tracker.Update([Person(0, 0), Person(300, 0)], 0).ToArray();
        var second = tracker.Update([Person(0, 0), Person(300, 0), Person(600, 0)], 1 / Fps).ToArray();

        Assert.Equal(new[] { 1, 2 }, first.Select(t => t.TrackId));
        Assert.Equal(new[] { 1, 2, 3 }, second.Select(t => t.TrackId));
    }

    [Fact]
    public void Rejects_unusable_options()
    {
        Assert.Throws<ArgumentException>(() => new SortTracker(TrackerOptions.Default with { MotionStepSeconds = 0 }));
        Assert.Throws<ArgumentException>(() => new SortTracker(TrackerOptions.Default with { IouThreshold = 1.5f }));
    }

    [Fact]
    public void Does_not_allocate_per_frame_once_warmed_up()
    {
        var tracker = new SortTracker(TrackerOptions.Default);
        var detections = new Detection[12];
        // A repeating 10 s scene: people walk through, are missed now and then, leave and are replaced by new ones.
        void RunFrames(int from, int to)
        {
            for (var frame = from; frame < to; frame++)
            {
                var count = 0;
                for (var p = 0; p < detections.Length; p++)
                {
                    var phase = (frame + 23 * p) % 250;
                    if (phase > 200 || (frame * 7 + p) % 10 == 0) continue; // gone, or missed by the detector
                    detections[count++] = Person(20 + 3f * phase, 40f * p);
                }
                if (frame % 3 == 2) tracker.Predict(frame / Fps);
                else tracker.Update(detections.AsSpan(0, count), frame / Fps);
            }
        }
        RunFrames(0, 500);

        var before = GC.GetAllocatedBytesForCurrentThread();
        RunFrames(500, 3000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
