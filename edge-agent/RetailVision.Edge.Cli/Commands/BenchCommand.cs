using System.CommandLine;
using System.Diagnostics;
using RetailVision.Edge.Evaluation;
using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Cli.Commands;

/// <summary>
/// <c>bench</c>: speed measurements printed as ratios taken in one run, since shared machines are too noisy for
/// absolute figures. <c>bench tracker</c> replays a detections file through each tracker and compares with SORT's
/// published 260 Hz.
/// </summary>
public static class BenchCommand
{
    /// <summary>SORT's published tracking speed (Bewley et al., 2016), the reference for the tracker's target.</summary>
    private const double SortPublishedHz = 260;

    public static Command Create(Microsoft.Extensions.Logging.ILoggerFactory logging)
    {
        var detections = new Option<string>("--detections") { Description = "Detections, MOTChallenge format", Required = true };
        var fps = new Option<double>("--fps") { Description = "Frame rate of the detections' video", DefaultValueFactory = _ => 7 };
        var runs = new Option<int>("--runs") { Description = "Timed runs per tracker (the median is reported)", DefaultValueFactory = _ => 9 };
        var tracker = new Command("tracker", "Frames per second of the trackers alone on a detections file, against SORT's published 260 Hz") { detections, fps, runs };
        tracker.SetAction(parse =>
        {
            var rows = MotFile.Read(parse.GetValue(detections)!);
            var rate = parse.GetValue(fps);
            var count = parse.GetValue(runs);
            if (count < 1) throw new ArgumentException("--runs must be at least 1");
            var frames = rows.Count == 0 ? 0 : rows.Max(r => r.Frame);
            Console.WriteLine($"{frames} frames, {rows.Count} detections, median of {count} runs");
            Console.WriteLine("tracker     frames/s   × SORT's 260 Hz");
            foreach (var (name, options) in new[] { ("bytetrack", TrackerOptions.Default), ("sort", TrackerOptions.Sort(rate)) })
            {
                var median = MedianFramesPerSecond(rows, options, rate, frames, count);
                Console.WriteLine($"{name,-10} {median,9:0}   {median / SortPublishedHz,8:0.0}×");
            }
            return 0;
        });
        return new Command("bench", "Speed measurements") { tracker, Bench.PipelineBenchmarkCommand.Create(logging) };
    }

    private static double MedianFramesPerSecond(List<MotRow> rows, TrackerOptions options, double fps, int frames, int runs)
    {
        TrackerReplay.Run(rows, options, fps);
        var rates = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            TrackerReplay.Run(rows, options, fps);
            rates[i] = frames / clock.Elapsed.TotalSeconds;
        }
        Array.Sort(rates);
        return rates[runs / 2];
    }
}
