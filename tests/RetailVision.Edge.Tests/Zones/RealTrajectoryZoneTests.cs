using System.Globalization;
using RetailVision.Contracts;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Tracking;
using RetailVision.Edge.Zones;
using RetailVision.Tests.Shared;
using Xunit.Abstractions;

namespace RetailVision.Edge.Tests.Zones;

/// <summary>
/// The zone logic on real pedestrian movement: the UCY Zara shop front (148 people, world metres, annotated at
/// 2.5 fps). No ground truth of visits exists, so these check properties that must hold for any movement.
/// </summary>
public sealed class RealTrajectoryZoneTests(ITestOutputHelper output)
{
    private const double Fps = 2.5;   // annotations every 10 frames of the 25 fps video

    // World metres, scaled to "pixels" (cm) so the geometry's pixel-sized tolerances stay meaningful.
    private const float Scale = 100;
    private static readonly Zone ShopFront = new("shop-front", "In front of the shop", ZoneKind.Area,
        [new(-200, 800), new(200, 800), new(200, 1400), new(-200, 1400)], 1, 1);
    private static readonly CountingLine Middle = new("middle", "Pavement middle", new PointF(0, 2200), new PointF(0, 400), 20);

    private static Dictionary<int, List<(int Frame, PointF Foot)>> LoadZara()
    {
        var people = new Dictionary<int, List<(int, PointF)>>();
        foreach (var line in File.ReadLines(Path.Combine(TestRepository.EvalRoot!, "trajectories", "zara01", "obsmat.txt")))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 5) continue;
            var frame = (int)double.Parse(f[0], CultureInfo.InvariantCulture);
            var id = (int)double.Parse(f[1], CultureInfo.InvariantCulture);
            var foot = new PointF(Scale * float.Parse(f[2], CultureInfo.InvariantCulture), Scale * float.Parse(f[4], CultureInfo.InvariantCulture));
            (people.TryGetValue(id, out var list) ? list : people[id] = []).Add((frame, foot));
        }
        return people;
    }

    private static (List<ZoneTransition> Transitions, List<LineCrossing> Crossings) Run(Dictionary<int, List<(int Frame, PointF Foot)>> people, int step)
    {
        var byFrame = people.SelectMany(p => p.Value.Select(s => (s.Frame, Person: new TrackedPerson(p.Key,
                new BoundingBox(s.Foot.X - 20, s.Foot.Y - 170, 40, 170), 1, false))))
            .GroupBy(s => s.Frame).OrderBy(g => g.Key).ToList();
        var visits = new ZoneVisitTracker([ShopFront]);
        var lines = new LineCrossingCounter([Middle]);
        var transitions = new List<ZoneTransition>();
        var crossings = new List<LineCrossing>();
        var last = 0.0;
        for (var i = 0; i < byFrame.Count; i += step)
        {
            var people1 = byFrame[i].Select(s => s.Person).ToArray();
            last = byFrame[i].Key / 25.0;
            visits.Update(people1, last, transitions);
            lines.Update(people1, last, crossings);
        }
        visits.Flush(last, transitions);
        return (transitions, crossings);
    }

    [SkippableFact]
    public void Every_visit_closes_once_within_its_persons_time_on_screen()
    {
        TestRepository.RequireEvalData();
        var people = LoadZara();
        var (transitions, _) = Run(people, 1);

        var enters = transitions.Where(t => t.Kind == ZoneTransitionKind.Enter).Select(t => (t.TrackId, t.EnteredAtSeconds)).Order().ToList();
        var exits = transitions.Where(t => t.Kind == ZoneTransitionKind.Exit).ToList();
        Assert.Equal(enters, exits.Select(t => (t.TrackId, t.EnteredAtSeconds)).Order().ToList());
        Assert.True(exits.Count >= 10, $"the shop front should see real traffic, saw {exits.Count} visits");
        foreach (var exit in exits)
        {
            var samples = people[exit.TrackId];
            Assert.InRange(exit.EnteredAtSeconds, samples[0].Frame / 25.0, samples[^1].Frame / 25.0);
            Assert.InRange(exit.ExitedAtSeconds!.Value, exit.EnteredAtSeconds, samples[^1].Frame / 25.0);
        }
        output.WriteLine($"zara01: {exits.Count} visits of the shop front, median dwell {exits.Select(e => e.ExitedAtSeconds!.Value - e.EnteredAtSeconds).Order().ElementAt(exits.Count / 2):0.0} s");
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void Each_persons_net_line_count_is_their_change_of_side(int sampleEvery)
    {
        TestRepository.RequireEvalData();
        var people = LoadZara();
        var (_, crossings) = Run(people, sampleEvery);

        foreach (var (id, all) in people)
        {
            // Independent of the counter: the side of the first and last samples, seen at this rate, clearly away from the line.
            var samples = all.Where(s => s.Frame / 10 % sampleEvery == 0 || sampleEvery == 1).ToList();
            var sides = samples.Where(s => s.Foot.Y is > 400 and < 2200 && Math.Abs(s.Foot.X) > Middle.HysteresisPixels)
                .Select(s => Math.Sign(s.Foot.X)).ToList();
            var expected = sides.Count == 0 ? 0 : (sides[^1] - sides[0]) / 2;   // +1: crossed towards +x
            var net = crossings.Count(c => c.TrackId == id && c.Direction == LineDirection.In) - crossings.Count(c => c.TrackId == id && c.Direction == LineDirection.Out);
            // A→B points up the image, so "in" (left of A→B to its right) is walking towards +x.
            Assert.True(expected == net, $"person {id} at 1/{sampleEvery} of the samples: net count {net}, change of side {expected}");
        }
        Assert.True(crossings.Count >= 20, $"people should cross the middle of the pavement, {crossings.Count} did");
    }

    [SkippableFact]
    public void Halving_the_frame_rate_keeps_the_long_visits()
    {
        TestRepository.RequireEvalData();
        var people = LoadZara();
        var (full, _) = Run(people, 1);
        var (half, _) = Run(people, 2);

        int Long(List<ZoneTransition> t) => t.Count(e => e.Kind == ZoneTransitionKind.Exit && e.ExitedAtSeconds - e.EnteredAtSeconds >= 3);
        output.WriteLine($"visits ≥ 3 s: {Long(full)} at {Fps} fps, {Long(half)} at {Fps / 2} fps");
        // Fewer samples shorten visits by up to one sample at each end, so a few near the 3 s mark may drop below it.
        Assert.InRange(Long(half), 0.9 * Long(full), Long(full));
    }
}
