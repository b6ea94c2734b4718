using System.CommandLine;
using Microsoft.Extensions.Logging;
using OpenCvSharp;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Pipeline;
using RetailVision.Models;

namespace RetailVision.Edge.Cli.Bench;

/// <summary>
/// <c>bench pipeline</c>: the frame loop against its limit and a peer, measured in one run on one machine.
/// Model-only and full-pipeline passes alternate so that drifting machine load hits both alike; medians are reported.
/// Sections: pipeline (limit, full pipeline, allocations), cameras (N cameras at a detection rate), peer, sizes.
/// </summary>
internal static class PipelineBenchmarkCommand
{
    private static readonly string[] AllSections = ["pipeline", "cameras", "peer", "sizes"];

    public static Command Create(ILoggerFactory logging)
    {
        var config = new Option<string>("--config") { Description = "Store configuration whose first camera's zones and detector are used", DefaultValueFactory = _ => "deploy/vtest.store.json" };
        var video = new Option<string>("--video") { Description = "Video to run", DefaultValueFactory = _ => "/usr/share/doc/opencv-doc/examples/data/vtest.avi" };
        var sections = new Option<string>("--sections") { Description = $"Comma-separated: {string.Join(',', AllSections)}", DefaultValueFactory = _ => string.Join(',', AllSections) };
        var repeats = new Option<int>("--repeats") { Description = "Passes of each pipeline measurement and peer runs (medians are reported)", DefaultValueFactory = _ => 5 };
        var warmup = new Option<int>("--warmup") { Description = "Frames run before timing starts (default: one whole pass of the video and 50 frames more, so the buffers that grow to the busiest scene, the seam where the video loops included, have grown)", DefaultValueFactory = _ => 0 };
        var frames = new Option<int>("--frames") { Description = "Frames timed per pass", DefaultValueFactory = _ => 700 };
        var cameras = new Option<string>("--cameras") { Description = "Camera counts to try", DefaultValueFactory = _ => "1,2,4,8" };
        var cameraSeconds = new Option<double>("--camera-seconds") { Description = "Seconds measured per camera count", DefaultValueFactory = _ => 20 };
        var detectFps = new Option<double>("--detect-fps") { Description = "Detections per second per camera in the cameras section", DefaultValueFactory = _ => 5 };
        var peerFrames = new Option<int>("--peer-frames") { Description = "Frames the peer runs", DefaultValueFactory = _ => 200 };
        var sizes = new Option<string>("--sizes") { Description = "Detector input sizes (WxH) for the sizes section", DefaultValueFactory = _ => "416x320,416x416,640x640" };
        var precisions = new Option<string>("--precisions") { Description = "Detector precisions for the pipeline and sizes sections (the first is used for cameras and peer)", DefaultValueFactory = _ => "int8,fp32" };
        var decoder = new Option<CaptureDecoder>("--decoder") { Description = "Decoder for the video: Auto, Ffmpeg or OpenCv", DefaultValueFactory = _ => CaptureDecoder.Auto };
        var fullSize = new Option<bool>("--decode-full-size") { Description = "Decode frames at the source's size instead of scaled to the detector's input (as run does)" };
        var groundTruth = new Option<string?>("--ground-truth") { Description = "PETS09-S2L1 ground truth for frames 1–400 (default: ../shared/eval beside the repository, when present)" };
        var command = new Command("pipeline", "Frame loop vs model-only limit, allocations, cameras per box, peer, input sizes")
        {
            config, video, sections, repeats, warmup, frames, cameras, cameraSeconds, detectFps, peerFrames, sizes, precisions, decoder, fullSize, groundTruth,
        };
        command.SetAction(parse =>
        {
            var request = new BenchRequest(parse.GetValue(config)!, parse.GetValue(video)!, parse.GetValue(sections)!.Split(',', StringSplitOptions.TrimEntries),
                parse.GetValue(repeats), parse.GetValue(warmup), parse.GetValue(frames), ParseCounts(parse.GetValue(cameras)!), parse.GetValue(cameraSeconds), parse.GetValue(detectFps),
                parse.GetValue(peerFrames), parse.GetValue(sizes)!.Split(',', StringSplitOptions.TrimEntries),
                ParsePrecisions(parse.GetValue(precisions)!), new CaptureOptions { Decoder = parse.GetValue(decoder) }, parse.GetValue(fullSize), parse.GetValue(groundTruth));
            return Run(logging.CreateLogger("bench"), request);
        });
        return command;
    }

    private static int[] ParseCounts(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries).Select(t => int.TryParse(t, out var n) && n is >= 1 and <= 64 ? n
            : throw new ArgumentException($"--cameras: '{t}' is not a camera count 1–64")).ToArray();

    private static ModelPrecision[] ParsePrecisions(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries).Select(t => DetectorConfig.TryParsePrecision(t, out var precision)
            ? precision
            : throw new ArgumentException($"--precisions: '{t}' is not int8 or fp32")).ToArray();

    private static int Run(ILogger logger, BenchRequest request)
    {
        if (request.Repeats < 1) throw new ArgumentException("--repeats must be at least 1");
        foreach (var section in request.Sections)
            if (!AllSections.Contains(section)) throw new ArgumentException($"--sections: '{section}' is not one of {string.Join(", ", AllSections)}");
        var store = StoreConfigLoader.Load(request.ConfigPath);
        if (!StoreConfigLoader.TryParseInputSize(store.Detector.InputSize, out var size, out var sizeError)) throw new ConfigException(request.ConfigPath, "detector.inputSize", sizeError);
        if (!VideoSourceUri.TryParse(request.VideoPath, out var video, out var videoError)) throw new ArgumentException($"--video: {videoError}");
        var models = request.Precisions.Select(p => DetectorModel.Resolve(size, p, logger)).ToArray();
        var model = models[0];
        var detector = PipelineSettingsFactory.Detector(store.Detector, model);
        if (!request.DecodeFullSize) request = request with { Capture = request.Capture with { FitWithin = (detector.InputWidth, detector.InputHeight) } };
        using var first = new Mat();
        VideoFormat format;
        using (var source = FrameSources.Open(video, request.Capture, logger))
        {
            format = new VideoFormat(source.Width, source.Height, source.FramesPerSecond, source.FrameCount) { SourceSize = (source.SourceWidth, source.SourceHeight) };
            if (!source.Read(first, out _)) throw new IOException($"{request.VideoPath}: no frame");
        }
        var camera = PipelineSettingsFactory.Camera(store, store.Cameras[0], format, DateTimeOffset.UnixEpoch, 0, 1);
        Console.WriteLine($"# bench pipeline: {model.ModelId} {size} ({string.Join(", ", request.Precisions.Select(DetectorConfig.NameOf))}) on {detector.ExecutionProvider}, {detector.IntraOpThreads} inference threads, " +
                          $"{Environment.ProcessorCount} cores, {FrameSources.DecoderFor(video, request.Capture)} decoding {Path.GetFileName(request.VideoPath)} {format.SourceSize.Width}x{format.SourceSize.Height} into {format.Width}x{format.Height} @ {format.FramesPerSecond:0.##} fps");

        double? pipelineFps = null;
        if (request.Sections.Contains("pipeline"))
            for (var i = models.Length - 1; i >= 0; i--)
                pipelineFps = PipelineSection(models[i], PipelineSettingsFactory.Detector(store.Detector, models[i]), camera, format, video, first, request);
        if (request.Sections.Contains("cameras")) CamerasSection(model, detector, store, video, request);
        if (request.Sections.Contains("peer")) PeerSection(request, pipelineFps);
        if (request.Sections.Contains("sizes")) SizesSection(store, video, first, request, logger);
        return 0;
    }

    private static double PipelineSection(PreparedModel model, DetectorSettings detector, CameraPipelineSettings camera, VideoFormat format, VideoSourceUri video,
        Mat first, BenchRequest request)
    {
        var modelRates = new List<double>();
        var pipelineRates = new List<double>();
        PipelineSample? last = null;
        using (var modelOnly = new ModelOnlyBenchmark(model.OnnxPath, detector, first))
        {
            for (var r = 0; r < request.Repeats; r++)
            {
                last = FullPipelineBenchmark.Run(model.OnnxPath, detector, camera, video, request.Capture,
                    request.Warmup > 0 ? request.Warmup : (format.FrameCount ?? 500) + 50,
                    // Timed frames stay inside the second pass: reopening the file at the seam is not the steady state.
                    format.FrameCount is { } count && request.Warmup == 0 ? Math.Min(request.Frames, count - 60) : request.Frames);
                pipelineRates.Add(last.FramesPerSecond);
                modelRates.Add(modelOnly.Run(last.Frames));
                Console.WriteLine($"pass {r + 1}: full pipeline {pipelineRates[^1]:0.0} fps, model-only {modelRates[^1]:0.0} fps");
            }
        }
        var modelMedian = Median.Of(modelRates);
        var pipelineMedian = Median.Of(pipelineRates);
        // Each pass times both loops back to back, so its own ratio is the one least disturbed by a busy machine.
        var ratios = modelRates.Select((m, i) => pipelineRates[i] / m).ToList();
        Console.WriteLine();
        Console.WriteLine($"## {DetectorConfig.NameOf(model.Precision)}: one camera, detecting every frame ({last!.Frames} timed frames per pass, median of {request.Repeats})");
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| model-only loop (the limit) | {modelMedian:0.0} frames/s ({1000 / modelMedian:0.0} ms/frame) |");
        Console.WriteLine($"| full pipeline | {pipelineMedian:0.0} frames/s |");
        Console.WriteLine($"| ratio full / model-only, median of the passes' ratios (target ≥ 0.90) | {Median.Of(ratios):0.000} ({string.Join(", ", ratios.Select(r => r.ToString("0.000")))}) |");
        Console.WriteLine($"| managed bytes per frame, whole process, messages included | {last.ProcessBytesPerFrame:0.0} |");
        Console.WriteLine($"| frames that published nothing, and of those the ones allocating anything (target 0) | {last.QuietFrames}, {last.QuietFramesAllocating} (worst {last.QuietFrameBytesMax:0} B) |");
        Console.WriteLine($"| managed bytes per message published (event or heatmap) | {last.BytesPerMessage:0} |");
        Console.WriteLine($"| gen-0 collections in the pass | {last.Gen0Collections} |");
        Console.WriteLine();
        Console.WriteLine("| stage (last pass) | ms/frame |");
        Console.WriteLine("|---|---|");
        foreach (var stage in last.Stages)
            if (stage.Count > 0) Console.WriteLine($"| {stage.Stage.ToString().ToLowerInvariant()} | {stage.TotalMilliseconds / last.Frames:0.000} |");
        Console.WriteLine();
        return pipelineMedian;
    }

    private static void CamerasSection(PreparedModel model, DetectorSettings detector, StoreConfig store, VideoSourceUri video, BenchRequest request)
    {
        Console.WriteLine($"## {DetectorConfig.NameOf(model.Precision)}: cameras per box, the file opened N times, paced at its frame rate, {request.DetectFps:0.#} detections/s each ({request.CameraSeconds:0} s each)");
        Console.WriteLine("| cameras | min detections/s | mean detections/s | frames dropped | cores used | cores per camera | mean batch | holds its rate |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        var largest = 0;
        MultiCameraSample? best = null;
        foreach (var n in request.CameraCounts)
        {
            var sample = MultiCameraBenchmark.Run(model.OnnxPath, detector, store, store.Cameras[0], video, request.Capture, n, request.DetectFps,
                TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(request.CameraSeconds));
            var holds = sample.MinDetectionsPerSecond >= 0.95 * request.DetectFps && sample.FramesDropped == 0;
            if (holds && n > largest)
            {
                largest = n;
                best = sample;
            }
            Console.WriteLine($"| {n} | {sample.MinDetectionsPerSecond:0.00} | {sample.MeanDetectionsPerSecond:0.00} | {sample.FramesDropped} | {sample.CoresUsed:0.00} | " +
                              $"{sample.CpuPerCamera:0.000} | {sample.MeanBatch:0.00} | {(holds ? "yes" : "no")} |");
        }
        Console.WriteLine();
        Console.WriteLine(best is null
            ? "No camera count held its rate."
            : $"Largest count holding {request.DetectFps:0.#} detections/s without drops: {largest}; by CPU, {1 / best.CpuPerCamera:0.0} cameras per core " +
              $"({Environment.ProcessorCount / best.CpuPerCamera:0.0} on this {Environment.ProcessorCount}-core box).");
        Console.WriteLine();
    }

    private static void PeerSection(BenchRequest request, double? pipelineFps)
    {
        var root = RepositoryRoot();
        var ours = pipelineFps ?? throw new ArgumentException("the peer section compares with the pipeline section: include both in --sections");
        var runs = Enumerable.Range(0, request.Repeats).Select(_ => PeerBenchmark.Run(root, request.VideoPath, request.PeerFrames, Environment.ProcessorCount))
            .OrderBy(r => r.FramesPerSecond).ToArray();
        var peer = runs[runs.Length / 2];
        Console.WriteLine($"## Peer: the same NanoDet through {peer.Peer} (TF.js wasm{(peer.Simd ? " SIMD" : "")}, {peer.Workers} single-threaded workers)");
        Console.WriteLine("| | frames/s |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| peer, {peer.Frames} frames, median of {runs.Length} ({string.Join(", ", runs.Select(r => r.FramesPerSecond.ToString("0.0")))}) | {peer.FramesPerSecond:0.0} |");
        Console.WriteLine($"| ours, {DetectorConfig.NameOf(request.Precisions[0])} full pipeline (median above) | {ours:0.0} |");
        Console.WriteLine($"| ratio ours / peer (target ≥ 8) | {ours / peer.FramesPerSecond:0.0}× |");
        Console.WriteLine();
    }

    private static void SizesSection(StoreConfig store, VideoSourceUri video, Mat first, BenchRequest request, ILogger logger)
    {
        var truth = request.GroundTruth ?? DefaultGroundTruth();
        Console.WriteLine("## Detector input sizes (model-only frames/s; recall/precision on PETS09-S2L1 frames 1–400, score ≥ 0.5, IoU ≥ 0.5)");
        Console.WriteLine("| input | weights | frames/s | ms/frame | recall | precision |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var text in request.Sizes)
        {
            if (!StoreConfigLoader.TryParseInputSize(text, out var size, out var error)) throw new ArgumentException($"--sizes: {error}");
            foreach (var precision in request.Precisions)
            {
                var model = DetectorModel.Resolve(size, precision, logger);
                var capture = request.DecodeFullSize ? request.Capture : request.Capture with { FitWithin = (size.Width, size.Height) };
                var sample = InputSizeBenchmark.Run(model, store.Detector, video, capture, first, truth, 200, logger);
                Console.WriteLine($"| {size} | {DetectorConfig.NameOf(precision)} | {sample.FramesPerSecond:0.0} | {1000 / sample.FramesPerSecond:0.0} | " +
                                  $"{sample.Recall?.ToString("0.000") ?? "n/a"} | {sample.Precision?.ToString("0.000") ?? "n/a"} |");
            }
        }
        if (truth is null) Console.WriteLine("(no ground truth found: recall and precision not measured)");
        Console.WriteLine();
    }

    private static string? DefaultGroundTruth()
    {
        var path = Path.Combine(RepositoryRoot(), "..", "shared", "eval", "mot", "PETS09-S2L1", "gt-frames-1-400.txt");
        return File.Exists(path) ? Path.GetFullPath(path) : null;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RetailVision.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("run the bench from inside the repository (RetailVision.sln not found above the current folder)");
    }

    private sealed record BenchRequest(string ConfigPath, string VideoPath, string[] Sections, int Repeats, int Warmup, int Frames, int[] CameraCounts,
        double CameraSeconds, double DetectFps, int PeerFrames, string[] Sizes, ModelPrecision[] Precisions, CaptureOptions Capture, bool DecodeFullSize, string? GroundTruth);
}
