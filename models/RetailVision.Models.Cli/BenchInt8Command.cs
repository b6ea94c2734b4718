using System.CommandLine;
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RetailVision.Models.Quantization;

namespace RetailVision.Models.Cli;

/// <summary>
/// <c>bench-int8</c>: milliseconds per frame of the float and the int8 model in one process, on a real development
/// frame, the way the edge runs them (IOBinding, preallocated input and outputs, all graph optimisations). The two
/// alternate in short blocks so that noise from other work on the machine falls on both alike; medians are reported.
/// </summary>
internal static class BenchInt8Command
{
    private const int BlockSize = 10;

    public static Command Create()
    {
        var size = InputSizeOption.Single("Input size WxH; default: the manifest's size.");
        var threads = new Option<int>("--threads") { Description = "Intra-op threads.", DefaultValueFactory = _ => 2 };
        var runs = new Option<int>("--runs") { Description = "Timed runs per model.", DefaultValueFactory = _ => 300 };
        var int8 = new Option<FileInfo?>("--int8") { Description = "Int8 model to time; default: the prepared one." };
        var command = new Command("bench-int8", "Time the float and int8 models (median ms/frame) in one process.") { size, threads, runs, int8 };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var store = ModelStore.OpenDefault();
            var inputSize = parse.GetValue(size) ?? new InputSize(store.Manifest.Input.Width, store.Manifest.Input.Height);
            var floatModel = store.Prepare(inputSize);
            var int8Path = parse.GetValue(int8)?.FullName ?? store.Prepare(inputSize, ModelPrecision.Int8).OnnxPath;
            var input = FfmpegFrameReader.Read(CalibrateCommand.DevelopmentVideo, floatModel.Input, 1, _ => true).Single().Input.ToArray();
            var threadCount = parse.GetValue(threads);
            using var fp32 = new BoundSession(floatModel.OnnxPath, input, inputSize, threadCount);
            using var quantized = new BoundSession(int8Path, input, inputSize, threadCount);
            var timed = parse.GetValue(runs);
            var (fp32Times, int8Times) = (new List<double>(), new List<double>());
            fp32.Time(BlockSize);
            quantized.Time(BlockSize);
            while (fp32Times.Count < timed)
            {
                fp32Times.AddRange(fp32.Time(BlockSize));
                int8Times.AddRange(quantized.Time(BlockSize));
            }

            var (fp32Median, int8Median) = (Median(fp32Times), Median(int8Times));
            Console.WriteLine($"{inputSize}, {threadCount} threads, {fp32Times.Count} runs each");
            Console.WriteLine($"fp32\t{fp32Median:0.00} ms/frame (median)\t{floatModel.OnnxPath}");
            Console.WriteLine($"int8\t{int8Median:0.00} ms/frame (median)\t{int8Path}");
            Console.WriteLine($"int8/fp32\t{int8Median / fp32Median:0.000}");
            return 0;
        }));
        return command;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>A session with its input and outputs allocated and bound once, as the edge detector holds it.</summary>
    private sealed class BoundSession : IDisposable
    {
        private readonly InferenceSession _session;
        private readonly OrtIoBinding _binding;
        private readonly RunOptions _runOptions = new();
        private readonly List<OrtValue> _values = [];

        public BoundSession(string path, float[] input, InputSize size, int threads)
        {
            using var options = new SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                IntraOpNumThreads = threads,
            };
            _session = new InferenceSession(path, options);
            _binding = _session.CreateIoBinding();
            var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, 3, size.Height, size.Width]);
            _values.Add(inputValue);
            _binding.BindInput(_session.InputNames.Single(), inputValue);
            foreach (var (name, metadata) in _session.OutputMetadata)
            {
                var shape = metadata.Dimensions.Select(d => d < 0 ? 1L : d).ToArray();
                var output = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape);
                _values.Add(output);
                _binding.BindOutput(name, output);
            }
        }

        public List<double> Time(int count)
        {
            var times = new List<double>(count);
            for (var i = 0; i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                _session.RunWithBinding(_runOptions, _binding);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            return times;
        }

        public void Dispose()
        {
            _values.ForEach(v => v.Dispose());
            _binding.Dispose();
            _runOptions.Dispose();
            _session.Dispose();
        }
    }
}
