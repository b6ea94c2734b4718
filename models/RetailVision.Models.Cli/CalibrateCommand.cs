using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RetailVision.Models.Quantization;

namespace RetailVision.Models.Cli;

/// <summary>
/// <c>calibrate</c>: runs the float model over development frames (decoded and letterboxed by ffmpeg) and writes the
/// activation ranges of every tensor as a calibration table, by default the committed one the int8 model is made from.
/// </summary>
internal static class CalibrateCommand
{
    public const string DevelopmentVideo = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    public static Command Create()
    {
        var size = InputSizeOption.Single("Input size WxH; default: the manifest's size.");
        var video = new Option<FileInfo>("--video") { Description = "Development video.", DefaultValueFactory = _ => new FileInfo(DevelopmentVideo) };
        var lastFrame = new Option<int>("--last-frame") { Description = "Use frames 1..N of the video.", DefaultValueFactory = _ => 400 };
        var every = new Option<int>("--every") { Description = "Use every Nth of those frames (1, 1+N, …).", DefaultValueFactory = _ => 4 };
        var method = new Option<RangeMethod>("--method") { Description = "minmax, percentile or mse.", DefaultValueFactory = _ => RangeMethod.Mse };
        var percentile = new Option<double>("--percentile") { Description = "Upper percentile for --method percentile (the lower is 100 − p).", DefaultValueFactory = _ => 99.99 };
        var output = new Option<FileInfo?>("--out") { Description = "Table to write; default: the committed models/manifests/<id>.calibration-WxH.json." };
        var command = new Command("calibrate", "Measure activation ranges of the float model on development frames and write a calibration table.")
        {
            size, video, lastFrame, every, method, percentile, output,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var stopwatch = Stopwatch.StartNew();
            var store = ModelStore.OpenDefault();
            var inputSize = parse.GetValue(size) ?? new InputSize(store.Manifest.Input.Width, store.Manifest.Input.Height);
            var model = store.Prepare(inputSize);
            var (last, step) = (parse.GetValue(lastFrame), parse.GetValue(every));
            if (last < 1 || step < 1)
            {
                throw new ArgumentException("--last-frame and --every must be positive");
            }

            var path = parse.GetValue(video)!.FullName;
            var histograms = ActivationCalibrator.Observe(
                model.OnnxPath,
                () => FfmpegFrameReader.Read(path, model.Input, last, frame => (frame - 1) % step == 0).Select(f => f.Input),
                inputSize.Width,
                inputSize.Height);
            var (chosen, p) = (parse.GetValue(method), parse.GetValue(percentile));
            var methodName = chosen switch
            {
                RangeMethod.Percentile => string.Create(CultureInfo.InvariantCulture, $"percentile {p}"),
                _ => chosen.ToString().ToLowerInvariant(),
            };
            var frameCount = (last - 1) / step + 1;
            var table = new CalibrationTable(
                store.Manifest.Id,
                inputSize.ToString(),
                methodName,
                $"{Path.GetFileName(path)} frames 1-{last}, every {step} ({frameCount} frames), letterboxed by ffmpeg",
                histograms.ToDictionary(h => h.Key, h => h.Value.Range(chosen, p), StringComparer.Ordinal));
            var target = parse.GetValue(output)?.FullName ?? store.CalibrationTablePath(inputSize);
            File.WriteAllText(target, CalibrationTableJson.Serialize(table));
            Console.WriteLine($"{target}\t{table.Ranges.Count} tensors\t{methodName}\t{frameCount} frames\t{stopwatch.ElapsedMilliseconds} ms");
            return 0;
        }));
        return command;
    }
}
