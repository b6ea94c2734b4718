using System.CommandLine;
using RetailVision.Edge.Evaluation;
using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Cli.Commands;

/// <summary><c>track</c>: runs the tracker over precomputed detections (MOTChallenge det file) and writes the tracks.</summary>
public static class TrackCommand
{
    public static Command Create()
    {
        var detections = new Option<string>("--detections") { Description = "Detections, MOTChallenge format (frame,-1,x,y,w,h,score,...)", Required = true };
        var output = new Option<string>("--out") { Description = "Tracks file to write, MOTChallenge format", Required = true };
        var mode = new Option<string>("--mode") { Description = "Tracker: bytetrack or sort", DefaultValueFactory = _ => "bytetrack" };
        var fps = new Option<double>("--fps") { Description = "Frame rate of the detections' video", DefaultValueFactory = _ => 25 };
        var command = new Command("track", "Track people through a detections file and write MOTChallenge tracks") { detections, output, mode, fps };
        command.SetAction(parse =>
        {
            var framesPerSecond = parse.GetValue(fps);
            if (!(framesPerSecond > 0) || double.IsInfinity(framesPerSecond)) throw new ArgumentException($"--fps {framesPerSecond} is not a positive frame rate");
            var options = Options(parse.GetValue(mode)!, framesPerSecond);
            var tracks = TrackerReplay.Run(MotFile.Read(parse.GetValue(detections)!), options, framesPerSecond);
            MotFile.Write(parse.GetValue(output)!, tracks);
            Console.WriteLine($"{options.Mode}: {tracks.Count} track boxes, {tracks.Select(t => t.Id).Distinct().Count()} identities");
            return 0;
        });
        return command;
    }

    private static TrackerOptions Options(string mode, double framesPerSecond) => mode.ToLowerInvariant() switch
    {
        "bytetrack" => TrackerOptions.Default,
        // SORT as published, so its output is comparable with the reference implementation's.
        "sort" => TrackerOptions.Sort(framesPerSecond),
        _ => throw new ArgumentException($"--mode '{mode}' is not a tracker: use bytetrack or sort"),
    };
}
