using RetailVision.Edge.Configuration;
using RetailVision.Edge.Evaluation;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Zones;
using RetailVision.Tests.Shared;
using Xunit.Abstractions;

namespace RetailVision.Edge.Tests.Evaluation;

public sealed class ZoneAccuracyTests(ITestOutputHelper output)
{
    // A zone x 100–200 and a line at x 300 (in = walking right), on a 10 fps stream.
    private static readonly ZoneLayout Layout = new(
        [new Zone("z", "Z", ZoneKind.Area, [new(100, 0), new(200, 0), new(200, 200), new(100, 200)], 0, 0.5)],
        [new CountingLine("l", "L", new PointF(300, 200), new PointF(300, 0), 5)]);

    /// <summary>A MOT row whose foot point is at (x, 100) on 1-based <paramref name="frame"/>.</summary>
    private static MotRow Row(int frame, int id, float x) => new(frame, id, new BoundingBox(x - 10, 40, 20, 60), 1);

    /// <summary>Someone walking right at 10 px a frame from x 50, starting on <paramref name="firstFrame"/> for <paramref name="frames"/> frames.</summary>
    private static IEnumerable<MotRow> Walker(int id, int firstFrame, int frames) =>
        Enumerable.Range(0, frames).Select(i => Row(firstFrame + i, id, 50 + 10 * i));

    [Fact]
    public void Truth_against_itself_is_perfect()
    {
        var truth = Walker(1, 1, 40).Concat(Walker(2, 5, 40)).ToList();

        var report = ZoneAccuracyEvaluator.Evaluate(Layout, truth, truth, 10);

        Assert.Equal(new ZoneVisitAccuracy("z", 2, 2, 2, 0), Assert.Single(report.Zones));
        Assert.Equal(new LineCountAccuracy("l", 2, 2, 0, 0), Assert.Single(report.Lines));
        Assert.Equal((2, 0.0), (report.MatchedVisits, report.MedianAbsDwellErrorSeconds));
        Assert.Equal(100, report.Lines[0].InPercentOfTruth);
        Assert.True(double.IsNaN(report.Lines[0].OutPercentOfTruth));
    }

    [Fact]
    public void Dwell_errors_come_from_visits_matched_by_overlap_and_missing_crossings_lower_the_counts()
    {
        // Truth: two walkers, each inside x 100–200 for 10 frames (0.9 s) and crossing the line. Ours: walker 1 lost after
        // frame 13 (inside frames 6–13: 0.7 s, no crossing), walker 2 exact under another id, and a ghost standing in
        // the zone on frames 1–5, before anyone else is in it.
        var truth = Walker(1, 1, 40).Concat(Walker(2, 21, 40)).ToList();
        var ours = Walker(7, 1, 13).Concat(Walker(8, 21, 40)).Concat(Enumerable.Range(1, 5).Select(f => Row(f, 9, 150))).ToList();

        var report = ZoneAccuracyEvaluator.Evaluate(Layout, truth, ours, 10);

        var zone = Assert.Single(report.Zones);
        Assert.Equal((2, 3, 2), (zone.TruthVisits, zone.OurVisits, zone.MatchedVisits));
        Assert.Equal(0.1, report.MedianAbsDwellErrorSeconds, 1e-9); // median of 0.2 and 0
        Assert.Equal(new LineCountAccuracy("l", 2, 1, 0, 0), Assert.Single(report.Lines));
        Assert.Equal(50, report.Lines[0].InPercentOfTruth);
    }

    [SkippableFact]
    public void PETS09_zone_accuracy_of_SORT_against_ground_truth()
    {
        TestRepository.RequireEvalData();
        var layout = ZoneConfigMapper.ToLayout(StoreConfigLoader.Load(TestRepository.DemoStoreConfig).Cameras[0]);
        var truth = MotFile.Read(TestRepository.Mot("PETS09-S2L1", "gt-frames-1-400.txt"));
        const double fps = 7; // seqinfo.ini's rate; both sides use it

        var perfect = ZoneAccuracyEvaluator.Evaluate(layout, truth, truth, fps);
        Assert.All(perfect.Zones, z => Assert.Equal((z.TruthVisits, z.TruthVisits), (z.OurVisits, z.MatchedVisits)));
        Assert.All(perfect.Lines, l => Assert.Equal((l.TruthIn, l.TruthOut), (l.OurIn, l.OurOut)));
        Assert.Equal(0, perfect.MedianAbsDwellErrorSeconds);
        Assert.True(perfect.TruthVisits >= 10, $"the layout should see real traffic, got {perfect.TruthVisits} visits");
        Assert.True(perfect.Lines.Sum(l => l.TruthIn + l.TruthOut) >= 5, "the lines should be crossed");

        var sort = ZoneAccuracyEvaluator.Evaluate(layout, truth, MotFile.Read(TestRepository.Mot("PETS09-S2L1", "sort-result-frames-1-400.txt")), fps);
        Write("SORT vs ground truth", sort);
        Assert.Equal(layout.Zones.Select(z => z.Id), sort.Zones.Select(z => z.ZoneId));
        Assert.All(sort.Zones, z => Assert.InRange(z.MatchedVisits, 0, Math.Min(z.TruthVisits, z.OurVisits)));
        Assert.Equal(sort.Zones.Sum(z => z.MatchedVisits), sort.MatchedVisits);
        Assert.InRange(sort.MedianAbsDwellErrorSeconds, 0, 400 / fps);
        Assert.Equal(perfect.Lines.Select(l => (l.TruthIn, l.TruthOut)), sort.Lines.Select(l => (l.TruthIn, l.TruthOut)));
    }

    private void Write(string title, ZoneAccuracyReport report)
    {
        output.WriteLine($"{title}: visits {report.OurVisits} vs truth {report.TruthVisits}, matched {report.MatchedVisits}, median |dwell error| {report.MedianAbsDwellErrorSeconds:0.###} s");
        foreach (var z in report.Zones)
            output.WriteLine($"  zone {z.ZoneId}: visits {z.OurVisits} vs {z.TruthVisits}, matched {z.MatchedVisits}, median |dwell error| {z.MedianAbsDwellErrorSeconds:0.###} s");
        foreach (var l in report.Lines)
            output.WriteLine($"  line {l.LineId}: in {l.OurIn}/{l.TruthIn} ({l.InPercentOfTruth:0.#} %), out {l.OurOut}/{l.TruthOut} ({l.OutPercentOfTruth:0.#} %), total {l.TotalPercentOfTruth:0.#} %");
    }
}
