using RetailVision.Edge.Geometry;
using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Tests.Tracking;

public sealed class ByteTrackerTests
{
    private const double Fps = 10;

    private static Detection Person(float x, float y, float score = 0.9f) => new(new BoundingBox(x, y, 40, 100), score);

    [Fact]
    public void Shoppers_standing_at_a_shelf_for_minutes_keep_their_ids_through_two_second_detector_misses()
    {
        var tracker = new ByteTracker(TrackerOptions.Default);
        var ids = new HashSet<int>();
        var reportedFrames = 0;
        var framesWithDetections = 0;
        // Three minutes; each of two people is missed for 1 s and 2 s every minute, at different times.
        for (var frame = 0; frame < 1800; frame++)
        {
            var second = frame % 600;
            var firstMissed = second is >= 100 and < 110 or >= 300 and < 320;
            var secondMissed = second is >= 200 and < 210 or >= 400 and < 420;
            Detection[] detections = [.. firstMissed ? [] : new[] { Person(100, 200) }, .. secondMissed ? [] : new[] { Person(400, 210) }];
            framesWithDetections += detections.Length;
            var tracks = tracker.Update(detections, frame / Fps);
            foreach (var track in tracks) ids.Add(track.TrackId);
            reportedFrames += tracks.Length;
        }

        Assert.Equal(new[] { 1, 2 }, ids.Order());
        Assert.Equal(framesWithDetections - 2 * 2, reportedFrames); // all but the two confirmation frames of each person
    }

    [Fact]
    public void A_person_whose_score_dips_below_the_high_threshold_stays_tracked()
    {
        var tracker = new ByteTracker(TrackerOptions.Default);
        var ids = new HashSet<int>();
        var reported = 0;
        for (var frame = 0; frame < 60; frame++)
        {
            var occluded = frame is >= 20 and < 40; // half hidden behind a shelf: the detector is unsure
            var tracks = tracker.Update([Person(100 + 4 * frame, 200, occluded ? 0.3f : 0.9f)], frame / Fps);
            foreach (var track in tracks) ids.Add(track.TrackId);
            reported += tracks.Length;
        }

        Assert.Equal(new[] { 1 }, ids);
        Assert.Equal(60 - 2, reported);
    }

    [Fact]
    public void Low_score_detections_never_start_a_track()
    {
        var tracker = new ByteTracker(TrackerOptions.Default);
        for (var frame = 0; frame < 30; frame++)
            Assert.True(tracker.Update([Person(100, 200, 0.4f)], frame / Fps).IsEmpty);
    }

    [Fact]
    public void A_tentative_track_dies_at_its_first_miss_and_takes_no_identity()
    {
        var tracker = new ByteTracker(TrackerOptions.Default);
        tracker.Update([Person(100, 200)], 0);
        tracker.Update([Person(100, 200)], 0.1); // two hits of the three needed
        tracker.Update([], 0.2);
        for (var frame = 3; frame < 6; frame++) tracker.Update([Person(100, 200)], frame / Fps);

        Assert.Equal(1, tracker.Update([Person(100, 200)], 0.6)[0].TrackId);
    }

    [Fact]
    public void A_lost_track_is_dropped_after_the_lost_buffer()
    {
        var tracker = new ByteTracker(TrackerOptions.Default with { LostTrackBufferSeconds = 1 });
        for (var frame = 0; frame < 10; frame++) tracker.Update([Person(100, 200)], frame / Fps);
        for (var frame = 10; frame < 25; frame++) Assert.True(tracker.Update([], frame / Fps).IsEmpty);

        for (var frame = 25; frame < 28; frame++) tracker.Update([Person(100, 200)], frame / Fps);
        Assert.Equal(2, tracker.Update([Person(100, 200)], 2.8)[0].TrackId);
    }

    [Fact]
    public void Two_people_crossing_keep_their_ids()
    {
        var tracker = new ByteTracker(TrackerOptions.Default);
        var xsById = new Dictionary<int, List<float>>();
        for (var frame = 0; frame < 40; frame++)
        {
            // Left to right and right to left at 150 px/s; their boxes overlap for about half a second in the middle.
            var walkedRight = 100 + 15f * frame;
            var walkedLeft = 700 - 15f * frame;
            foreach (var track in tracker.Update([Person(walkedRight, 200), Person(walkedLeft, 230)], frame / Fps))
                (xsById.TryGetValue(track.TrackId, out var xs) ? xs : xsById[track.TrackId] = []).Add(track.Box.X);
        }

        Assert.Equal(new[] { 1, 2 }, xsById.Keys.Order());
        var directions = xsById.Values.Select(xs => xs.Zip(xs.Skip(1), (a, b) => Math.Sign(b - a)).Distinct().Single()).Order();
        Assert.Equal(new[] { -1, 1 }, directions);
        Assert.All(xsById.Values, xs => Assert.Equal(40 - 2, xs.Count)); // reported from the third detection on
    }

    [Fact]
    public void Carries_people_between_detector_runs_at_predicted_boxes()
    {
        var tracker = new ByteTracker(TrackerOptions.Default);
        for (var frame = 0; frame < 5; frame++) tracker.Update([Person(100 + 5 * frame, 200)], frame / Fps);

        var predicted = tracker.Predict(0.5);

        Assert.Equal(1, predicted.Length);
        Assert.True(predicted[0].IsPredicted);
        Assert.True(predicted[0].Box.X > 120, $"{predicted[0].Box.X}");
    }

    [Fact]
    public void Rejects_unusable_options()
    {
        Assert.Throws<ArgumentException>(() => new ByteTracker(TrackerOptions.Default with { LowScoreThreshold = 0.6f }));
        Assert.Throws<ArgumentException>(() => new ByteTracker(TrackerOptions.Default with { LowScoreIouThreshold = -0.1f }));
        Assert.Throws<ArgumentException>(() => new ByteTracker(TrackerOptions.Default with { LostTrackBufferSeconds = double.NaN }));
    }

    [Fact]
    public void Does_not_allocate_per_frame_once_warmed_up()
    {
        var tracker = new ByteTracker(TrackerOptions.Default);
        var detections = new Detection[12];
        // A scene repeating every 1500 frames: people walk through, are missed or weakly detected now and then, leave
        // and are replaced. The first repetition grows the buffers.
        void RunFrames(int from, int to)
        {
            for (var frame = from; frame < to; frame++)
            {
                var count = 0;
                for (var p = 0; p < detections.Length; p++)
                {
                    var phase = (frame + 23 * p) % 250;
                    if (phase > 200 || (frame * 7 + p) % 10 == 0) continue; // gone, or missed by the detector
                    detections[count++] = Person(20 + 3f * phase, 40f * p, (frame + p) % 4 == 0 ? 0.3f : 0.9f);
                }
                if (frame % 3 == 2) tracker.Predict(frame / Fps);
                else tracker.Update(detections.AsSpan(0, count), frame / Fps);
            }
        }
        RunFrames(0, 1500);

        var before = GC.GetAllocatedBytesForCurrentThread();
        RunFrames(1500, 4500);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
