using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace RetailVision.Edge.Inference;

/// <summary>
/// The one place that picks where inference runs. CUDA and TensorRT exist only when the project is built with
/// <c>-p:RetailVisionGpu=true</c> (which swaps in the GPU runtime package); anything unavailable falls back to CPU
/// with one log line saying why.
/// </summary>
public static class ExecutionProviders
{
    /// <summary>Adds the wanted provider to <paramref name="options"/>; returns the name of the one actually used.</summary>
    public static string Configure(SessionOptions options, string wanted, ILogger logger)
    {
        var name = wanted.Trim().ToLowerInvariant();
        if (name is "cpu" or "") return "cpu";
        if (name is not ("cuda" or "tensorrt"))
            throw new ArgumentException($"detector.executionProvider: '{wanted}' is not one of cpu, cuda, tensorrt");

        var available = OrtEnv.Instance().GetAvailableProviders();
        var native = name == "cuda" ? "CUDAExecutionProvider" : "TensorrtExecutionProvider";
        if (Array.IndexOf(available, native) < 0)
        {
            logger.LogWarning("Execution provider {Wanted} is not in this ONNX Runtime build (available: {Available}); running on CPU",
                wanted, string.Join(", ", available));
            return "cpu";
        }
        try
        {
            if (name == "cuda") options.AppendExecutionProvider_CUDA(0);
            else options.AppendExecutionProvider_Tensorrt(0);
            return name;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or OnnxRuntimeException or DllNotFoundException)
        {
            logger.LogWarning("Execution provider {Wanted} could not start ({Reason}); running on CPU", wanted, ex.Message);
            return "cpu";
        }
    }
}
