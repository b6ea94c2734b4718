using System.CommandLine;
using Microsoft.Extensions.Logging;
using OpenCvSharp;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Diagnostics;
using RetailVision.Edge.Pipeline;

namespace RetailVision.Edge.Cli.Bench;

/// <summary>
/// <c>bench pipeline</c>: the frame loop against its limit, measured in one run on one machine. Model-only and full
/// pipeline passes alternate so that drifting machine load hits both alike; medians are reported.
/// </summary>
internal static class PipelineBenchmarkCommand
{
    public static Command Create(ILoggerFactory logging)
    {
        var config = new Option<string>("--config") { Description = "Store configuration whose first camera's zones and detector are used", DefaultValueFactory = _ => "deploy/vtest.store.json" };
        var video = new Option<string>("--video") { Description = "Video to run", DefaultValueFactory = _ => "/usr/share/doc/opencv-doc/examples/data/vtest.avi" };
        var repeats = new Option<int>("--repeats") { Description = "Passes of each measurement (the median is reported)", DefaultValueFactory = _ => 3 };
        var warmup = new Option<int>("--warmup") { Description = "Frames run before timing starts", DefaultValueFactory = _ => 95 };
        var command = new Command("pipeline", "Full frame loop vs model-only inference, allocations per frame") { config, video, repeats, warmup };
        command.SetAction(parse => Run(logging.CreateLogger("bench"), parse.GetValue(config)!, parse.GetValue(video)!, parse.GetValue(repeats), parse.GetValue(warmup)));
        return command;
    }

    private static int Run(ILogger logger, string configPath, string videoPath, int repeats, int warmup)
    {
        if (repeats < 1) throw new ArgumentException("--repeats must be at least 1");
        var store = StoreConfigLoader.Load(configPath);
        if (!StoreConfigLoader.TryParseInputSize(store.Detector.InputSize, out var size, out var sizeError)) throw new ConfigException(configPath, "detector.inputSize", sizeError);
        if (!VideoSourceUri.TryParse(videoPath, out var video, out var videoError)) throw new ArgumentException($"--video: {videoError}");
        var model = DetectorModel.Resolve(size, logger);
        var detector = PipelineSettingsFactory.Detector(store.Detector, model);
        CameraPipelineSettings camera;
        using var first = new Mat();
        using (var source = VideoFrameSource.Open(video))
        {
            camera = PipelineSettingsFactory.Camera(store, store.Cameras[0], source, DateTimeOffset.UnixEpoch, 0, 1);
            if (!source.Read(first, out _)) throw new IOException($"{videoPath}: no frame");
        }

        var modelRates = new List<double>();
        var pipelineRates = new List<double>();
        PipelineSample? last = null;
        using (var modelOnly = new ModelOnlyBenchmark(model.OnnxPath, detector, first))
        {
            for (var r = 0; r < repeats; r++)
            {
                last = FullPipelineBenchmark.Run(model.OnnxPath, detector, camera, video, warmup);
                pipelineRates.Add(last.FramesPerSecond);
                modelRates.Add(modelOnly.Run(last.Frames));
                Console.WriteLine($"pass {r + 1}: model-only {modelRates[^1]:0.0} fps, full pipeline {pipelineRates[^1]:0.0} fps");
            }
        }
        var modelMedian = Median.Of(modelRates);
        var pipelineMedian = Median.Of(pipelineRates);
        Console.WriteLine();
        Console.WriteLine($"{model.ModelId} {size}, {detector.IntraOpThreads} inference threads, {Environment.ProcessorCount} cores, {last!.Frames} timed frames per pass, median of {repeats}");
        Console.WriteLine($"| measure | value |");
        Console.WriteLine($"|---|---|");
        Console.WriteLine($"| model-only (the limit) | {modelMedian:0.0} frames/s ({1000 / modelMedian:0.0} ms/frame) |");
        Console.WriteLine($"| full pipeline, 1 camera, every frame | {pipelineMedian:0.0} frames/s |");
        Console.WriteLine($"| ratio full / model-only (target ≥ 0.90) | {pipelineMedian / modelMedian:0.000} |");
        Console.WriteLine($"| managed bytes allocated per frame, whole process | {last.ProcessBytesPerFrame:0.0} |");
        Console.WriteLine($"| camera thread, frames with no message: most bytes in one frame (target 0) | {last.QuietFrameBytesMax:0} over {last.QuietFrames} frames |");
        Console.WriteLine($"| camera thread, bytes per message published | {last.BytesPerMessage:0} |");
        Console.WriteLine($"| gen-0 collections during the pass | {last.Gen0Collections} |");
        Console.WriteLine();
        Console.WriteLine("| stage | ms/frame (last pass) |");
        Console.WriteLine("|---|---|");
        foreach (var stage in last.Stages)
            if (stage.Count > 0) Console.WriteLine($"| {stage.Stage.ToString().ToLowerInvariant()} | {stage.TotalMilliseconds / last.Frames:0.000} |");
        return 0;
    }
}
