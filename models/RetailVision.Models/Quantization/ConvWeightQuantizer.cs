using RetailVision.Models.Onnx;
using RetailVision.Models.Onnx.Proto;

namespace RetailVision.Models.Quantization;

/// <summary>
/// Quantises a Conv's constant weights per output channel (symmetric int8, scale = max|w| / 127) and its bias to
/// int32 at scale input_scale · weight_scale[c], the form ONNX Runtime folds into an integer convolution.
/// </summary>
internal static class ConvWeightQuantizer
{
    public sealed record QuantizedWeights(TensorProto Values, TensorProto Scale, TensorProto ZeroPoint, float[] ChannelScales);

    public static QuantizedWeights Weights(TensorProto weight)
    {
        var values = OnnxTensors.ReadFloats(weight);
        var channels = (int)weight.Dims[0];
        var perChannel = values.Length / channels;
        var scales = new float[channels];
        var quantized = new int[values.Length];
        for (var c = 0; c < channels; c++)
        {
            var slice = values.AsSpan(c * perChannel, perChannel);
            var maxAbs = 0f;
            foreach (var w in slice)
            {
                maxAbs = MathF.Max(maxAbs, MathF.Abs(w));
            }

            var parameters = QuantizationParameters.ForWeights(maxAbs);
            scales[c] = parameters.Scale;
            for (var i = 0; i < perChannel; i++)
            {
                quantized[c * perChannel + i] = parameters.Quantize(slice[i]);
            }
        }

        return new QuantizedWeights(
            OnnxTensors.Bytes($"{weight.Name}_quantized", weight.Dims.ToArray(), quantized, signed: true),
            OnnxTensors.Floats($"{weight.Name}_scale", [channels], scales),
            OnnxTensors.Bytes($"{weight.Name}_zero_point", [channels], new int[channels], signed: true),
            scales);
    }

    /// <summary>The bias as int32 with zero point 0; returns the values tensor, its per-channel scale and zero point.</summary>
    public static (TensorProto Values, TensorProto Scale, TensorProto ZeroPoint) Bias(TensorProto bias, float inputScale, float[] weightScales)
    {
        var values = OnnxTensors.ReadFloats(bias);
        if (values.Length != weightScales.Length)
        {
            throw new QuantizationException($"bias {bias.Name} has {values.Length} values for {weightScales.Length} output channels");
        }

        var scales = weightScales.Select(s => inputScale * s).ToArray();
        var quantized = values.Select((b, c) => (int)Math.Clamp(Math.Round((double)b / scales[c], MidpointRounding.ToEven), int.MinValue, int.MaxValue)).ToArray();
        return (
            OnnxTensors.Int32s($"{bias.Name}_quantized", [values.Length], quantized),
            OnnxTensors.Floats($"{bias.Name}_scale", [values.Length], scales),
            OnnxTensors.Int32s($"{bias.Name}_zero_point", [values.Length], new int[values.Length]));
    }
}
