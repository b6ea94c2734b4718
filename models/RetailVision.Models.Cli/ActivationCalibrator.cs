using Microsoft.ML.OnnxRuntime;
using RetailVision.Models.Quantization;

namespace RetailVision.Models.Cli;

/// <summary>
/// Runs the float model over calibration frames with every activation exposed (<see cref="ActivationProbe"/>) and
/// records each tensor's values in two passes (extent, then histogram), from which the ranges are chosen.
/// </summary>
internal static class ActivationCalibrator
{
    public static Dictionary<string, ActivationHistogram> Observe(string floatModelPath, Func<IEnumerable<float[]>> frames, int width, int height)
    {
        var (probe, activations) = ActivationProbe.Build(File.ReadAllBytes(floatModelPath));
        using var options = new SessionOptions
        {
            // Basic optimisation only: fusions must not hide the tensors being measured.
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC,
            IntraOpNumThreads = Environment.ProcessorCount,
        };
        using var session = new InferenceSession(probe, options);
        using var runOptions = new RunOptions();
        var inputName = session.InputNames.Single();
        var outputNames = session.OutputNames.ToList();
        var histograms = activations.Distinct(StringComparer.Ordinal).ToDictionary(a => a, _ => new ActivationHistogram(), StringComparer.Ordinal);

        void Pass(bool extent)
        {
            foreach (var input in frames())
            {
                using var value = OrtValue.CreateTensorValueFromMemory(input, [1, 3, height, width]);
                using var outputs = session.Run(runOptions, [inputName], [value], outputNames);
                Observe(histograms[inputName], input, extent);
                for (var i = 0; i < outputNames.Count; i++)
                {
                    Observe(histograms[outputNames[i]], outputs[i].GetTensorDataAsSpan<float>(), extent);
                }
            }
        }

        Pass(extent: true);
        Pass(extent: false);
        return histograms;
    }

    private static void Observe(ActivationHistogram histogram, ReadOnlySpan<float> values, bool extent)
    {
        if (extent)
        {
            histogram.ObserveExtent(values);
        }
        else
        {
            histogram.ObserveDistribution(values);
        }
    }
}
