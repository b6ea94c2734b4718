using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;
using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Inference;

/// <summary>
/// Runs the ONNX person detector on one frame at a time. Input and output tensors are allocated once and bound to the
/// session (IOBinding), so a steady-state call allocates nothing. Outputs are identified by shape, not by name.
/// </summary>
public sealed class PersonDetector : IDisposable
{
    private readonly DetectorSettings _settings;
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue _input;
    private readonly float[] _inputBuffer;
    private readonly OrtValue[] _scoreOutputs;
    private readonly OrtValue[] _boxOutputs;
    private readonly FramePreprocessor _preprocessor;
    private readonly NanoDetDecoder _decoder;

    public PersonDetector(string modelPath, DetectorSettings settings, ILogger logger)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"detector model not found: {modelPath}", modelPath);
        _settings = settings;
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = settings.IntraOpThreads,
        };
        ExecutionProvider = ExecutionProviders.Configure(options, settings.ExecutionProvider, logger);
        _session = new InferenceSession(modelPath, options);

        var inputName = _session.InputNames.Count == 1
            ? _session.InputNames[0]
            : throw new InvalidDataException($"{modelPath}: expected one input, found {_session.InputNames.Count}");
        _inputBuffer = new float[3 * settings.InputWidth * settings.InputHeight];
        _input = OrtValue.CreateTensorValueFromMemory(_inputBuffer, [1, 3, settings.InputHeight, settings.InputWidth]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput(inputName, _input);

        var strides = settings.Strides.Length;
        _scoreOutputs = new OrtValue[strides];
        _boxOutputs = new OrtValue[strides];
        BindOutputsByShape(modelPath);
        _preprocessor = new FramePreprocessor(settings);
        _decoder = new NanoDetDecoder(settings);
    }

    /// <summary>cpu, cuda or tensorrt: where inference actually runs.</summary>
    public string ExecutionProvider { get; }

    /// <summary>Detects the people in a BGR frame; returns how many were written to <paramref name="output"/>.</summary>
    public int Detect(Mat frame, Span<Detection> output)
    {
        var transform = _preprocessor.Run(frame, _inputBuffer);
        _session.RunWithBinding(_runOptions, _binding);
        _decoder.Reset();
        for (var k = 0; k < _scoreOutputs.Length; k++)
            _decoder.AddStride(k, _scoreOutputs[k].GetTensorDataAsSpan<float>(), _boxOutputs[k].GetTensorDataAsSpan<float>(), transform);
        return _decoder.Finish(output);
    }

    // Outputs are [1, N, classes] scores and [1, N, 4·(regMax+1)] boxes; N tells the stride.
    private void BindOutputsByShape(string modelPath)
    {
        var boxWidth = 4 * (_settings.RegMax + 1);
        foreach (var (name, meta) in _session.OutputMetadata)
        {
            var dims = meta.Dimensions;
            if (dims.Length != 3) throw new InvalidDataException($"{modelPath}: output {name} has rank {dims.Length}, expected 3");
            var cells = dims[1];
            var stride = Array.FindIndex(_settings.Strides, s => (_settings.InputWidth / s) * (_settings.InputHeight / s) == cells);
            if (stride < 0) throw new InvalidDataException($"{modelPath}: output {name} has {cells} cells, which fits no stride at {_settings.InputWidth}x{_settings.InputHeight}");
            var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [1, cells, dims[2]]);
            if (dims[2] == _settings.ClassCount) _scoreOutputs[stride] = value;
            else if (dims[2] == boxWidth) _boxOutputs[stride] = value;
            else throw new InvalidDataException($"{modelPath}: output {name} has width {dims[2]}, expected {_settings.ClassCount} or {boxWidth}");
            _binding.BindOutput(name, value);
        }
        for (var k = 0; k < _settings.Strides.Length; k++)
            if (_scoreOutputs[k] is null || _boxOutputs[k] is null)
                throw new InvalidDataException($"{modelPath}: no score/box output pair for stride {_settings.Strides[k]}");
    }

    public void Dispose()
    {
        _preprocessor.Dispose();
        foreach (var v in _scoreOutputs) v?.Dispose();
        foreach (var v in _boxOutputs) v?.Dispose();
        _input.Dispose();
        _binding.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
