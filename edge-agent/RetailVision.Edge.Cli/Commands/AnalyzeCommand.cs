using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenCvSharp;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Delivery;
using RetailVision.Edge.Evaluation;
using RetailVision.Edge.Heatmaps;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Pipeline;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Cli.Commands;

/// <summary>
/// <c>analyze</c>: one recorded video through the whole pipeline as fast as it goes, writing events (JSON Lines),
/// tracks (MOTChallenge) and a heatmap image.
/// </summary>
public static class AnalyzeCommand
{
    public static Command Create(ILoggerFactory logging)
    {
        var video = new Option<string>("--video") { Description = "Video file to analyse (defaults to the config's camera source)" };
        var config = new Option<string>("--config") { Description = "Store configuration file (zones, detector settings)", Required = true };
        var camera = new Option<string?>("--camera") { Description = "Camera of the config whose zones apply (default: the first)" };
        var eventsOut = new Option<string>("--events-out") { Description = "Decision-point events, JSON Lines", DefaultValueFactory = _ => "out/events.jsonl" };
        var tracksOut = new Option<string>("--tracks-out") { Description = "Tracks, MOTChallenge text format", DefaultValueFactory = _ => "out/tracks.txt" };
        var heatmapOut = new Option<string>("--heatmap-out") { Description = "Occupancy heatmap image (PNG)", DefaultValueFactory = _ => "out/heatmap.png" };
        var occupancyOut = new Option<string?>("--occupancy-out") { Description = "Per-zone occupancy over time, CSV (zone, bucket start/end in s, person-seconds, peak people)" };
        var bucket = new Option<double>("--occupancy-bucket") { Description = "Seconds per occupancy bucket", DefaultValueFactory = _ => 10 };
        var frames = new Option<string?>("--frames") { Description = "Frame range A-B, 1-based inclusive (default: all)" };
        var inputSize = new Option<string?>("--input-size") { Description = "Detector input WxH, multiples of 32 (default: the config's)" };
        var precision = new Option<string?>("--precision") { Description = "Detector precision, int8 or fp32 (default: the config's)" };
        var decoder = new Option<CaptureDecoder>("--decoder") { Description = "Auto (ffmpeg when installed), Ffmpeg or OpenCv", DefaultValueFactory = _ => CaptureDecoder.Auto };
        var detectFps = new Option<double>("--detect-fps") { Description = "Detections per second; 0 = every frame", DefaultValueFactory = _ => 0 };
        var startTime = new Option<DateTimeOffset?>("--start-time") { Description = "Wall-clock time of the video's first frame (default: now)" };

        var command = new Command("analyze", "Run a recorded video through detection, tracking, zones and heatmap; write events, tracks and a heatmap image")
        {
            video, config, camera, eventsOut, tracksOut, heatmapOut, occupancyOut, bucket, frames, inputSize, precision, decoder, detectFps, startTime,
        };
        command.SetAction(parse => Run(logging, new AnalyzeRequest(
            parse.GetValue(video), parse.GetValue(config)!, parse.GetValue(camera), parse.GetValue(eventsOut)!, parse.GetValue(tracksOut)!,
            parse.GetValue(heatmapOut)!, parse.GetValue(frames), parse.GetValue(inputSize), parse.GetValue(detectFps),
            parse.GetValue(startTime) ?? DateTimeOffset.UtcNow)
        {
            OccupancyOut = parse.GetValue(occupancyOut),
            OccupancyBucketSeconds = parse.GetValue(bucket),
            Precision = parse.GetValue(precision),
            Decoder = parse.GetValue(decoder),
        }));
        return command;
    }

    public static int Run(ILoggerFactory logging, AnalyzeRequest request)
    {
        var logger = logging.CreateLogger("analyze");
        var store = StoreConfigLoader.Load(request.ConfigPath);
        if (request.Precision is { } precision)
        {
            if (!DetectorConfig.TryParsePrecision(precision, out _)) throw new ArgumentException($"--precision: '{precision}' is not int8 or fp32");
            store = store with { Detector = store.Detector with { Precision = precision } };
        }
        var camera = request.CameraId is null
            ? store.Cameras[0]
            : Array.Find(store.Cameras, c => c.Id == request.CameraId) ?? throw new ConfigException(request.ConfigPath, "cameras", $"no camera '{request.CameraId}'");
        if (!FrameRange.TryParse(request.Frames, out var range, out var rangeError)) throw new ArgumentException(rangeError);
        if (!StoreConfigLoader.TryParseInputSize(request.InputSize ?? store.Detector.InputSize, out var size, out var sizeError)) throw new ArgumentException($"--input-size: {sizeError}");
        if (request.DetectFps is < 0 or > 120) throw new ArgumentException("--detect-fps: must be 0 (every frame) to 120");
        if (request.OccupancyBucketSeconds is < 1 or > 86400) throw new ArgumentException("--occupancy-bucket: must be 1–86400 seconds");
        if (!VideoSourceUri.TryParse(request.VideoPath ?? camera.Source, out var sourceUri, out var sourceError)) throw new ArgumentException($"--video: {sourceError}");

        var model = DetectorModel.Resolve(size, store.Detector.ModelPrecision, logger);
        using var source = FrameSources.Open(sourceUri, CaptureOptions.Default with { Decoder = request.Decoder }, logger);
        var settings = PipelineSettingsFactory.Camera(store, camera, source, request.StartTime, request.DetectFps, range.First) with
        {
            OccupancyBucketSeconds = request.OccupancyBucketSeconds,
        };
        using var detector = new PersonDetector(model.OnnxPath, PipelineSettingsFactory.Detector(store.Detector, model), logger);
        logger.LogInformation("Analysing {Video} ({Width}x{Height}, {Fps:0.##} fps) with {Model} at {Size} on {Provider}",
            sourceUri, source.Width, source.Height, source.FramesPerSecond, model.ModelId, size, detector.ExecutionProvider);

        foreach (var output in new[] { request.EventsOut, request.TracksOut, request.HeatmapOut, request.OccupancyOut })
            if (output is not null) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var occupancy = new List<ZoneOccupancyBucket>();
        using var events = new JsonLinesEventWriter(request.EventsOut);
        var tracks = new List<MotRow>(4096);
        var pipeline = new CameraPipeline(settings, detector, events)
        {
            OnTracks = (frameNumber, reported) =>
            {
                foreach (var t in reported) tracks.Add(new MotRow(frameNumber, t.TrackId, t.Box, t.Score));
            },
            OnOccupancyBucket = occupancy.Add,
        };

        var total = Math.Min(range.Last, source.FrameCount ?? int.MaxValue) - range.First + 1;
        var progress = new ConsoleProgress("analyze", total > 0 && total < int.MaxValue / 2 ? total : null);
        using var frame = new Mat();
        using var background = new Mat();
        // Frames before the range are decoded, not seeked: seeks land on key frames and would shift frame numbers.
        var skipped = 0;
        while (skipped < range.First - 1 && source.Read(frame, out _)) skipped++;
        var clock = Stopwatch.StartNew();
        var frameNumber = range.First - 1;
        while (frameNumber < range.Last && source.Read(frame, out var timestamp))
        {
            frameNumber++;
            if (background.Empty()) frame.CopyTo(background);
            pipeline.Process(frame, timestamp);
            progress.Report(pipeline.FramesProcessed, pipeline.FramesProcessed / clock.Elapsed.TotalSeconds);
        }
        pipeline.Complete();
        progress.Finish(pipeline.FramesProcessed, pipeline.FramesProcessed / Math.Max(1e-9, clock.Elapsed.TotalSeconds));
        if (pipeline.FramesProcessed == 0) throw new IOException($"no frame could be read from '{sourceUri}' in range {range.First}-{range.Last}");

        MotFile.Write(request.TracksOut, tracks);
        HeatmapImageWriter.Write(request.HeatmapOut, pipeline.TotalHeatmap.Cells, store.Heatmap.Columns, store.Heatmap.Rows, background, settings.Zones);
        Console.WriteLine($"frames {pipeline.FramesProcessed} ({range.First}-{frameNumber}), detector runs {pipeline.DetectionsRun}, " +
                          $"{pipeline.FramesProcessed / clock.Elapsed.TotalSeconds:0.0} fps, track rows {tracks.Count}, events {events.EventsWritten}");
        Console.WriteLine($"events:  {Path.GetFullPath(request.EventsOut)}");
        Console.WriteLine($"tracks:  {Path.GetFullPath(request.TracksOut)}");
        Console.WriteLine($"heatmap: {Path.GetFullPath(request.HeatmapOut)}");
        if (request.OccupancyOut is not null)
        {
            OccupancyCsv.Write(request.OccupancyOut, occupancy);
            Console.WriteLine($"occupancy: {Path.GetFullPath(request.OccupancyOut)}");
        }
        return 0;
    }
}

/// <summary>The analyze command's inputs, as parsed from the command line.</summary>
public sealed record AnalyzeRequest(
    string? VideoPath,
    string ConfigPath,
    string? CameraId,
    string EventsOut,
    string TracksOut,
    string HeatmapOut,
    string? Frames,
    string? InputSize,
    double DetectFps,
    DateTimeOffset StartTime)
{
    /// <summary>Per-zone occupancy CSV; none written when null.</summary>
    public string? OccupancyOut { get; init; }

    public double OccupancyBucketSeconds { get; init; } = 10;

    /// <summary>int8 or fp32 instead of the configuration's detector precision; null keeps it.</summary>
    public string? Precision { get; init; }

    public CaptureDecoder Decoder { get; init; } = CaptureDecoder.Auto;
}
