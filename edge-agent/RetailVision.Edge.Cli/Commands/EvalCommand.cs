using System.CommandLine;
using RetailVision.Edge.Evaluation;

namespace RetailVision.Edge.Cli.Commands;

/// <summary><c>eval</c>: scores a tracks file against ground truth (CLEAR MOT and identity metrics, IoU ≥ 0.5).</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var gt = new Option<string>("--gt") { Description = "Ground truth, MOTChallenge format", Required = true };
        var tracks = new Option<string>("--tracks") { Description = "Tracks to score, MOTChallenge format", Required = true };
        var frames = new Option<string?>("--frames") { Description = "Frame range A-B, 1-based inclusive (default: all)" };
        var command = new Command("eval", "Score tracks against ground truth: MOTA, MOTP, IDF1, FP, FN, IDSW, recall, precision") { gt, tracks, frames };
        command.SetAction(parse =>
        {
            if (!FrameRange.TryParse(parse.GetValue(frames), out var range, out var error)) throw new ArgumentException(error);
            var m = MotEvaluator.Evaluate(MotFile.Read(parse.GetValue(gt)!), MotFile.Read(parse.GetValue(tracks)!), range.First,
                range.Last == FrameRange.All.Last ? null : range.Last);
            Console.WriteLine($"MOTA {m.Mota:0.000}  IDF1 {m.Idf1:0.000}  MOTP {m.Motp:0.000}  IDP {m.IdPrecision:0.000}  IDR {m.IdRecall:0.000}");
            Console.WriteLine($"recall {m.Recall:0.000}  precision {m.Precision:0.000}  FP {m.FalsePositives}  FN {m.FalseNegatives}  IDSW {m.IdSwitches}  FM {m.Fragmentations}");
            Console.WriteLine($"GT ids {m.GroundTruthIds}  MT {m.MostlyTracked}  PT {m.PartiallyTracked}  ML {m.MostlyLost}  frames {m.Frames}  matches {m.Matches}");
            return 0;
        });
        return command;
    }
}
