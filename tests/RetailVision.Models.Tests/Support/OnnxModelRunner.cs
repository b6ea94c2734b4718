using Microsoft.ML.OnnxRuntime;

namespace RetailVision.Models.Tests.Support;

/// <summary>Runs an ONNX model on the CPU the way the edge agent is expected to (2 threads, all optimisations).</summary>
public sealed class OnnxModelRunner : IDisposable
{
    private readonly InferenceSession _session;

    public OnnxModelRunner(string onnxPath)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 2,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(onnxPath, options);
    }

    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    /// <summary>Runs one batch [n,3,H,W]; returns each output's shape and values by output name.</summary>
    public Dictionary<string, TensorData> Run(float[] input, int batch, int height, int width)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, [batch, 3, height, width]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [_session.InputNames[0]], [value], _session.OutputNames);
        return _session.OutputNames.Zip(outputs).ToDictionary(
            p => p.First,
            p => new TensorData(p.Second.GetTensorTypeAndShape().Shape, p.Second.GetTensorDataAsSpan<float>().ToArray()));
    }

    public void Dispose() => _session.Dispose();
}
