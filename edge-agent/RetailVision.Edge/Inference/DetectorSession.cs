using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace RetailVision.Edge.Inference;

/// <summary>
/// One ONNX Runtime session of the person detector with every tensor allocated once: a pinned batch input of
/// <see cref="MaxBatch"/> frames, pinned outputs for as many, and one IOBinding per batch size, so a steady-state run
/// allocates nothing. Callers may also bind their own single-frame input, which runs a batch of one without a copy.
/// Outputs are identified by shape, not by name. Not thread-safe: one thread runs it.
/// </summary>
public sealed class DetectorSession : IDisposable
{
    private readonly DetectorSettings _settings;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string _inputName;
    private readonly float[] _batchInput;
    private readonly float[][] _scores;
    private readonly float[][] _boxes;
    private readonly int[] _cells;
    private readonly List<OrtValue> _values = [];
    private readonly OrtIoBinding[] _batchBindings;
    private readonly List<OrtIoBinding> _singleBindings = [];
    private (string Name, int Stride, bool IsScore)[] _outputs = [];

    public DetectorSession(string modelPath, DetectorSettings settings, int maxBatch, ILogger logger)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"detector model not found: {modelPath}", modelPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _settings = settings;
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = settings.IntraOpThreads,
        };
        ExecutionProvider = ExecutionProviders.Configure(options, settings.ExecutionProvider, logger);
        _session = new InferenceSession(modelPath, options);

        _inputName = _session.InputNames.Count == 1
            ? _session.InputNames[0]
            : throw new InvalidDataException($"{modelPath}: expected one input, found {_session.InputNames.Count}");
        var batchDimension = _session.InputMetadata[_inputName].Dimensions[0];
        if (batchDimension > 0 && maxBatch > batchDimension)
        {
            logger.LogInformation("Model {Model} has a fixed batch of {Batch}; cameras are run one frame at a time", Path.GetFileName(modelPath), batchDimension);
            maxBatch = batchDimension;
        }
        MaxBatch = maxBatch;
        FrameLength = 3 * settings.InputWidth * settings.InputHeight;
        _batchInput = GC.AllocateArray<float>(MaxBatch * FrameLength, pinned: true);

        var strides = settings.Strides.Length;
        _scores = new float[strides][];
        _boxes = new float[strides][];
        _cells = new int[strides];
        AllocateOutputs(modelPath);
        _batchBindings = new OrtIoBinding[MaxBatch];
        for (var b = 1; b <= MaxBatch; b++) _batchBindings[b - 1] = Bind(_batchInput, b);
    }

    /// <summary>cpu, cuda or tensorrt: where inference actually runs.</summary>
    public string ExecutionProvider { get; }

    /// <summary>Most frames one run takes (1 when the model has a fixed batch of one).</summary>
    public int MaxBatch { get; }

    /// <summary>Floats in one frame's input (3 × height × width).</summary>
    public int FrameLength { get; }

    /// <summary>The input of batch item <paramref name="item"/>, for preprocessing straight into it.</summary>
    public Span<float> BatchInput(int item) => _batchInput.AsSpan(item * FrameLength, FrameLength);

    /// <summary>
    /// Binds a caller-owned, pinned single-frame input (<see cref="FrameLength"/> floats); returns the handle for
    /// <see cref="RunSingle"/>. Set up once per caller, not per frame.
    /// </summary>
    public int BindSingleInput(float[] pinnedInput)
    {
        if (pinnedInput.Length != FrameLength) throw new ArgumentException($"input holds {pinnedInput.Length} floats, expected {FrameLength}");
        _singleBindings.Add(Bind(pinnedInput, 1));
        return _singleBindings.Count - 1;
    }

    /// <summary>Runs the first <paramref name="batch"/> frames of the batch input.</summary>
    public void RunBatch(int batch) => _session.RunWithBinding(_runOptions, _batchBindings[batch - 1]);

    /// <summary>Runs one frame from an input bound with <see cref="BindSingleInput"/>; its outputs are item 0.</summary>
    public void RunSingle(int handle) => _session.RunWithBinding(_runOptions, _singleBindings[handle]);

    /// <summary>Feeds batch item <paramref name="item"/>'s outputs of the last run to <paramref name="decoder"/>.</summary>
    public void Decode(int item, NanoDetDecoder decoder, in LetterboxTransform transform)
    {
        var boxWidth = 4 * (_settings.RegMax + 1);
        decoder.Reset();
        for (var k = 0; k < _cells.Length; k++)
        {
            var cells = _cells[k];
            decoder.AddStride(k,
                _scores[k].AsSpan(item * cells * _settings.ClassCount, cells * _settings.ClassCount),
                _boxes[k].AsSpan(item * cells * boxWidth, cells * boxWidth), transform);
        }
    }

    // Outputs are [batch, N, classes] scores and [batch, N, 4·(regMax+1)] boxes; N tells the stride.
    private void AllocateOutputs(string modelPath)
    {
        var boxWidth = 4 * (_settings.RegMax + 1);
        _outputs = new (string Name, int Stride, bool IsScore)[_session.OutputMetadata.Count];
        var o = 0;
        foreach (var (name, meta) in _session.OutputMetadata)
        {
            var dims = meta.Dimensions;
            if (dims.Length != 3) throw new InvalidDataException($"{modelPath}: output {name} has rank {dims.Length}, expected 3");
            var cells = dims[1];
            var stride = Array.FindIndex(_settings.Strides, s => (_settings.InputWidth / s) * (_settings.InputHeight / s) == cells);
            if (stride < 0) throw new InvalidDataException($"{modelPath}: output {name} has {cells} cells, which fits no stride at {_settings.InputWidth}x{_settings.InputHeight}");
            var isScore = dims[2] == _settings.ClassCount;
            if (!isScore && dims[2] != boxWidth)
                throw new InvalidDataException($"{modelPath}: output {name} has width {dims[2]}, expected {_settings.ClassCount} or {boxWidth}");
            _cells[stride] = cells;
            (isScore ? _scores : _boxes)[stride] = GC.AllocateArray<float>(MaxBatch * cells * dims[2], pinned: true);
            _outputs[o++] = (name, stride, isScore);
        }
        for (var k = 0; k < _settings.Strides.Length; k++)
            if (_scores[k] is null || _boxes[k] is null)
                throw new InvalidDataException($"{modelPath}: no score/box output pair for stride {_settings.Strides[k]}");
    }

    private OrtIoBinding Bind(float[] input, int batch)
    {
        var binding = _session.CreateIoBinding();
        binding.BindInput(_inputName, Value(input, batch * FrameLength, [batch, 3, _settings.InputHeight, _settings.InputWidth]));
        var boxWidth = 4 * (_settings.RegMax + 1);
        foreach (var (name, stride, isScore) in _outputs)
        {
            var width = isScore ? _settings.ClassCount : boxWidth;
            var cells = _cells[stride];
            binding.BindOutput(name, Value(isScore ? _scores[stride] : _boxes[stride], batch * cells * width, [batch, cells, width]));
        }
        return binding;
    }

    private OrtValue Value(float[] pinned, int length, long[] shape)
    {
        var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pinned.AsMemory(0, length), shape);
        _values.Add(value);
        return value;
    }

    public void Dispose()
    {
        foreach (var b in _batchBindings) b?.Dispose();
        foreach (var b in _singleBindings) b.Dispose();
        foreach (var v in _values) v.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
