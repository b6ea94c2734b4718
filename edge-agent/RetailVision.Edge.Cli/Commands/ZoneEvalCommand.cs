using System.CommandLine;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Evaluation;

namespace RetailVision.Edge.Cli.Commands;

/// <summary>
/// <c>zone-eval</c>: runs one camera's zones and counting lines over ground-truth tracks and over our tracks and
/// compares visits per zone, dwell of matched visits and line counts.
/// </summary>
public static class ZoneEvalCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Store configuration holding the camera's zones and lines", Required = true };
        var camera = new Option<string?>("--camera") { Description = "Camera whose zones apply (default: the first)" };
        var gt = new Option<string>("--gt") { Description = "Ground-truth tracks, MOTChallenge format", Required = true };
        var tracks = new Option<string>("--tracks") { Description = "Tracks to judge, MOTChallenge format", Required = true };
        var fps = new Option<double>("--fps") { Description = "Frame rate both files are timed at", DefaultValueFactory = _ => 7 };
        var frames = new Option<string?>("--frames") { Description = "Frame range A-B, 1-based inclusive (default: all)" };
        var command = new Command("zone-eval", "Zone and line accuracy of tracks against ground truth: visits, dwell error, line counts")
        {
            config, camera, gt, tracks, fps, frames,
        };
        command.SetAction(parse =>
        {
            var store = StoreConfigLoader.Load(parse.GetValue(config)!);
            var cameraId = parse.GetValue(camera);
            var chosen = cameraId is null ? store.Cameras[0] : Array.Find(store.Cameras, c => c.Id == cameraId)
                ?? throw new ArgumentException($"--camera: no camera '{cameraId}' in the configuration");
            if (!FrameRange.TryParse(parse.GetValue(frames), out var range, out var error)) throw new ArgumentException(error);
            var rate = parse.GetValue(fps);
            if (!(rate > 0) || double.IsInfinity(rate)) throw new ArgumentException($"--fps {rate} is not a positive frame rate");

            var report = ZoneAccuracyEvaluator.Evaluate(ZoneConfigMapper.ToLayout(chosen),
                InRange(MotFile.Read(parse.GetValue(gt)!), range), InRange(MotFile.Read(parse.GetValue(tracks)!), range), rate);
            Console.WriteLine($"visits {report.OurVisits} vs truth {report.TruthVisits}, matched {report.MatchedVisits}, median |dwell error| {report.MedianAbsDwellErrorSeconds:0.###} s");
            foreach (var z in report.Zones)
                Console.WriteLine($"  zone {z.ZoneId}: visits {z.OurVisits} vs {z.TruthVisits}, matched {z.MatchedVisits}, median |dwell error| {z.MedianAbsDwellErrorSeconds:0.###} s");
            foreach (var l in report.Lines)
                Console.WriteLine($"  line {l.LineId}: in {l.OurIn}/{l.TruthIn}, out {l.OurOut}/{l.TruthOut}, total {l.TotalPercentOfTruth:0.#} % of truth");
            return 0;
        });
        return command;
    }

    private static List<MotRow> InRange(List<MotRow> rows, FrameRange range) => rows.FindAll(r => range.Contains(r.Frame));
}
