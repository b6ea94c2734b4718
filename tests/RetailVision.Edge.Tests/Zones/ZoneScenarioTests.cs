using RetailVision.Contracts;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Tracking;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Tests.Zones;

/// <summary>Scripted shoppers run through visits, dwell classes and line counts together, with exactly known answers.</summary>
public sealed class ZoneScenarioTests
{
    private static readonly Zone Shelf = new("shelf", "Shelf", ZoneKind.Shelf, [new(100, 100), new(200, 100), new(200, 200), new(100, 200)], 1, 1);
    // Along the shelf's left edge, A→B pointing up the image, so in is walking rightwards (+x) into the shelf.
    private static readonly CountingLine Edge = new("edge", "Shelf edge", new PointF(100, 250), new PointF(100, 50), 6);

    private static TrackedPerson At(int id, float x, float y) => new(id, new BoundingBox(x - 15, y - 80, 30, 80), 0.9f, false);

    private sealed class Run
    {
        public readonly ZoneVisitTracker Visits = new([Shelf]);
        public readonly LineCrossingCounter Lines = new([Edge]);
        public readonly List<ZoneTransition> Transitions = [];
        public readonly List<LineCrossing> Crossings = [];

        public Run(int frames, double fps, Func<int, TrackedPerson[]> script)
        {
            for (var f = 0; f <= frames; f++)
            {
                var people = script(f);
                Visits.Update(people, f / fps, Transitions);
                Lines.Update(people, f / fps, Crossings);
            }
            Visits.Flush(frames / fps, Transitions);
        }

        public ZoneTransition[] Exits => [.. Transitions.Where(t => t.Kind == ZoneTransitionKind.Exit)];
    }

    [Fact]
    public void A_stationary_shopper_with_missed_detections_makes_one_engaged_visit_of_exact_dwell()
    {
        // 10 fps; at the shelf from 2 s to 14 s; the detector misses them for 0.5 s at 5 s and 0.9 s at 9 s.
        var run = new Run(200, 10, f =>
            f is >= 50 and < 55 or >= 90 and < 99 ? []
            : f is >= 20 and <= 140 ? [At(1, 150, 150)]
            : [At(1, 400, 150)]);

        var visit = Assert.Single(run.Exits);
        Assert.Equal(2, visit.EnteredAtSeconds, 1e-9);
        Assert.Equal(14, visit.ExitedAtSeconds!.Value, 1e-9);
        Assert.Equal(DwellClass.Engaged, new DwellClassifier().Classify(Shelf, visit));
    }

    [Fact]
    public void Two_people_crossing_paths_are_each_counted_once_in_their_own_direction()
    {
        // 10 fps; person 1 walks right from x 40 to 160 along y 150, person 2 left from 160 to 40 along y 152.
        var run = new Run(30, 10, f => [At(1, 40 + 4 * f, 150), At(2, 160 - 4 * f, 152)]);

        Assert.Equal(
            [new LineCrossing("edge", 1, LineDirection.In, 1.7), new LineCrossing("edge", 2, LineDirection.Out, 1.7)],
            run.Crossings.OrderBy(c => c.TrackId));
        Assert.Equal((1, 1), (run.Lines.In(0), run.Lines.Out(0)));
        // Both are on the shelf's left edge, which counts as inside, at frame 15 (1.5 s): person 1 from then to the end,
        // person 2 from the start until then.
        Assert.Equal([(1, 1.5, 3.0), (2, 0.0, 1.5)],
            run.Exits.OrderBy(v => v.TrackId).Select(v => (v.TrackId, Math.Round(v.EnteredAtSeconds, 9), Math.Round(v.ExitedAtSeconds!.Value, 9))));
    }

    [Fact]
    public void A_person_oscillating_on_the_zone_border_and_the_line_makes_one_visit_and_one_crossing()
    {
        // 10 fps; walks in to x 105, sways between x 97 and x 103 (across the border and the line, within its band)
        // for 10 s, then goes deep into the shelf and stays until 15 s.
        var run = new Run(150, 10, f =>
            f < 10 ? [At(1, 60 + 4.5f * f, 150)]                 // 60 → 100.5
            : f < 110 ? [At(1, f % 2 == 0 ? 97 : 103, 150)]
            : [At(1, 150, 150)]);

        Assert.Equal(1, run.Transitions.Count(t => t.Kind == ZoneTransitionKind.Enter));
        var visit = Assert.Single(run.Exits);
        Assert.Equal(0.9, visit.EnteredAtSeconds, 1e-9); // x 100.5 at frame 9
        Assert.Equal(15, visit.ExitedAtSeconds!.Value, 1e-9);
        Assert.Equal([new LineCrossing("edge", 1, LineDirection.In, 11.0)], run.Crossings);
    }
}
