using RetailVision.Edge.Geometry;
using RetailVision.Edge.Tracking;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Tests.Zones;

public sealed class ZoneVisitTrackerTests
{
    // A shelf front from x 100 to 200, y 100 to 200 (image pixels); 2 s to count as a visit, 1 s grace on leaving.
    private static readonly Zone Shelf = new("shelf", "Shelf", ZoneKind.Shelf, [new(100, 100), new(200, 100), new(200, 200), new(100, 200)], 2, 1);

    /// <summary>A person whose feet are at (x, y).</summary>
    private static TrackedPerson At(int id, float x, float y) => new(id, new BoundingBox(x - 15, y - 80, 30, 80), 0.9f, false);

    /// <summary>Runs frames at <paramref name="fps"/> from 0 to <paramref name="seconds"/>; the script gives each frame's people.</summary>
    private static List<ZoneTransition> Run(ZoneVisitTracker tracker, double fps, double seconds, Func<double, TrackedPerson[]> script, bool flush = true)
    {
        var transitions = new List<ZoneTransition>();
        var frames = (int)Math.Round(seconds * fps);
        for (var frame = 0; frame <= frames; frame++) tracker.Update(script(frame / fps), frame / fps, transitions);
        if (flush) tracker.Flush(frames / fps, transitions);
        return transitions;
    }

    private static void AssertVisit(ZoneTransition enter, ZoneTransition exit, int trackId, double entered, double exited)
    {
        Assert.Equal(new ZoneTransition(ZoneTransitionKind.Enter, "shelf", trackId, entered, null), enter);
        Assert.Equal((ZoneTransitionKind.Exit, "shelf", trackId), (exit.Kind, exit.ZoneId, exit.TrackId));
        Assert.Equal(entered, exit.EnteredAtSeconds, 1e-9);
        Assert.Equal(exited, exit.ExitedAtSeconds!.Value, 1e-9);
    }

    [Fact]
    public void A_stationary_shopper_missed_by_the_detector_now_and_then_makes_one_visit_of_exact_dwell()
    {
        // Inside from 1.0 s to 15.0 s, gone (detector misses) for 0.8 s twice, then walks away.
        var transitions = Run(new ZoneVisitTracker([Shelf]), 10, 20, t =>
            t is >= 5 and < 5.8 or >= 12 and < 12.8 ? []
            : t is >= 1 and <= 15.0001 ? [At(7, 150, 150)]
            : [At(7, 400, 150)]);

        Assert.Equal(2, transitions.Count);
        AssertVisit(transitions[0], transitions[1], 7, 1, 15);
    }

    [Fact]
    public void Reports_the_visit_when_it_is_confirmed_with_its_first_moment_inside()
    {
        var tracker = new ZoneVisitTracker([Shelf]);
        var transitions = new List<ZoneTransition>();
        var confirmedAt = double.NaN;
        for (var frame = 0; frame <= 40; frame++)
        {
            tracker.Update([At(1, 150, 150)], frame / 10.0, transitions);
            if (transitions.Count == 1 && double.IsNaN(confirmedAt)) confirmedAt = frame / 10.0;
        }

        Assert.Equal(2.0, confirmedAt, 1e-9);
        Assert.Equal(0, transitions[0].EnteredAtSeconds);
        Assert.Equal(1, tracker.Occupancy(0));
    }

    [Fact]
    public void Two_people_crossing_through_the_zone_make_one_visit_each()
    {
        // At 20 px/s: one walks right from x 0 (inside for x in [100, 200): t 5.00–9.96), the other left from
        // x 300 (inside t 5.04–10.00); the feet of the one walking right are at y 150, the other's at y 160.
        var tracker = new ZoneVisitTracker([Shelf]);
        var transitions = Run(tracker, 25, 15, t => [At(1, (float)(20 * t), 150), At(2, (float)(300 - 20 * t), 160)]);

        var one = transitions.Where(x => x.TrackId == 1).ToList();
        var two = transitions.Where(x => x.TrackId == 2).ToList();
        Assert.Equal(4, transitions.Count);
        AssertVisit(one[0], one[1], 1, 5.0, 249 / 25.0);
        AssertVisit(two[0], two[1], 2, 126 / 25.0, 10.0);
    }

    [Fact]
    public void Counts_both_people_while_they_are_in_the_zone_together()
    {
        var tracker = new ZoneVisitTracker([Shelf]);
        Run(tracker, 25, 8, t => [At(1, (float)(20 * t), 150), At(2, (float)(300 - 20 * t), 160)], flush: false);

        Assert.Equal(2, tracker.Occupancy(0));
    }

    [Fact]
    public void A_person_swaying_across_the_border_makes_one_visit_without_inflating_the_count()
    {
        // Feet alternate between x 195 (inside) and 205 (outside) every 0.2 s for 10 s, then the person leaves.
        var tracker = new ZoneVisitTracker([Shelf]);
        var transitions = new List<ZoneTransition>();
        var maxOccupancy = 0;
        for (var frame = 0; frame <= 150; frame++)
        {
            var t = frame / 10.0;
            var x = t > 10 ? 400 : frame / 2 % 2 == 0 ? 195 : 205;
            tracker.Update([At(3, x, 150)], t, transitions);
            maxOccupancy = Math.Max(maxOccupancy, tracker.Occupancy(0));
        }

        Assert.Equal(2, transitions.Count);
        Assert.Equal(1, maxOccupancy);
        AssertVisit(transitions[0], transitions[1], 3, 0, 10); // frame 100 is the last at x 195
    }

    [Fact]
    public void A_pass_shorter_than_the_minimum_presence_is_no_visit()
    {
        var tracker = new ZoneVisitTracker([Shelf]);
        var transitions = Run(tracker, 25, 10, t => [At(4, t is >= 3 and < 4.5 ? 150 : 400, 150)]);

        Assert.Empty(transitions);
        Assert.Equal(0, tracker.Occupancy(0));
    }

    [Fact]
    public void Leaving_for_longer_than_the_grace_ends_the_visit_and_a_return_starts_a_new_one()
    {
        // Inside 0–5 s, away 5–6.5 s (beyond the 1 s grace), back 6.5–10 s.
        var transitions = Run(new ZoneVisitTracker([Shelf]), 10, 10, t => [At(5, t is >= 5 and < 6.5 ? 400 : 150, 150)]);

        Assert.Equal(4, transitions.Count);
        AssertVisit(transitions[0], transitions[1], 5, 0, 4.9);
        AssertVisit(transitions[2], transitions[3], 5, 6.5, 10);
    }

    [Fact]
    public void A_lost_track_ends_its_visit_after_the_grace_at_its_last_moment_seen()
    {
        var tracker = new ZoneVisitTracker([Shelf]);
        var transitions = Run(tracker, 10, 10, t => t < 4 ? [At(6, 150, 150)] : [], flush: false);

        Assert.Equal(2, transitions.Count);
        AssertVisit(transitions[0], transitions[1], 6, 0, 3.9);
        Assert.Equal(0, tracker.Occupancy(0));
    }

    [Fact]
    public void Flush_closes_open_visits_at_their_last_moment_inside_and_drops_unconfirmed_ones()
    {
        var tracker = new ZoneVisitTracker([Shelf]);
        // Person 8 inside all along; person 9 only in the last second (not yet a visit).
        var transitions = Run(tracker, 10, 6, t => t >= 5 ? [At(8, 150, 150), At(9, 120, 150)] : [At(8, 150, 150)]);

        Assert.Equal(2, transitions.Count);
        AssertVisit(transitions[0], transitions[1], 8, 0, 6);
        Assert.Equal(0, tracker.Occupancy(0));
    }

    [Fact]
    public void Dwell_does_not_depend_on_the_frame_rate()
    {
        // Reported times are frames, so each end of a visit can fall up to one frame interval inside the true one:
        // dwell is short by less than two intervals, and by one on average.
        var random = new Random(7);
        var differences = new List<double>();
        for (var trial = 0; trial < 200; trial++)
        {
            var walkIn = 0.5 + 2.5 * random.NextDouble();
            var walkOut = walkIn + 2.5 + 17.5 * random.NextDouble();
            TrackedPerson[] Script(double t) => [At(1, t >= walkIn && t < walkOut ? 150 : 400, 150)];
            double Dwell(double fps)
            {
                var exit = Run(new ZoneVisitTracker([Shelf]), fps, walkOut + 3, Script).Single(x => x.Kind == ZoneTransitionKind.Exit);
                return exit.ExitedAtSeconds!.Value - exit.EnteredAtSeconds;
            }

            double atFive = Dwell(5), atTwentyFive = Dwell(25), trueDwell = walkOut - walkIn;

            Assert.InRange(atFive, trueDwell - 2 * 0.2, trueDwell);
            Assert.InRange(atTwentyFive, trueDwell - 2 * 0.04, trueDwell);
            differences.Add(Math.Abs(atFive - atTwentyFive));
        }

        Assert.True(differences.Average() < 0.2, $"mean difference {differences.Average():F3} s");
    }

    [Fact]
    public void Does_not_allocate_per_frame_once_warmed_up()
    {
        var tracker = new ZoneVisitTracker([Shelf, Shelf with { Id = "aisle", Polygon = [new(0, 0), new(640, 0), new(640, 120), new(0, 120)] }]);
        var transitions = new List<ZoneTransition>(64);
        var people = new TrackedPerson[20];
        // 20 people walking loops in and out of both zones; ids change as people are replaced every 20 s.
        void RunFrames(int from, int to)
        {
            for (var frame = from; frame < to; frame++)
            {
                var count = 0;
                for (var p = 0; p < people.Length; p++)
                {
                    var phase = (frame + 37 * p) % 500;
                    if (phase > 450) continue;
                    people[count++] = At(1000 * (frame / 500) + p, phase, 20 + 10 * p);
                }
                tracker.Update(people.AsSpan(0, count), frame / 25.0, transitions);
                transitions.Clear();
            }
        }
        RunFrames(0, 1000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        RunFrames(1000, 5000);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
