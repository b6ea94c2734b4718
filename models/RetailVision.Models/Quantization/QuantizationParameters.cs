namespace RetailVision.Models.Quantization;

/// <summary>
/// An affine quantisation q = clamp(round(x / Scale) + ZeroPoint, QMin, QMax), x ≈ (q − ZeroPoint) · Scale, with
/// ONNX QuantizeLinear's rounding (half to even). Computed in float32 as ONNX Runtime does, so identical everywhere.
/// </summary>
public readonly record struct QuantizationParameters(float Scale, int ZeroPoint, int QMin, int QMax)
{
    /// <summary>
    /// Asymmetric activation parameters over <paramref name="range"/>, widened to include 0 so that zero (padding,
    /// ReLU-like floors) is represented exactly.
    /// </summary>
    public static QuantizationParameters ForActivation(TensorRange range, ActivationType type)
    {
        var (qmin, qmax) = type == ActivationType.UInt8 ? (0, 255) : (-128, 127);
        var low = MathF.Min(range.Min, 0f);
        var high = MathF.Max(range.Max, 0f);
        var scale = (high - low) / (qmax - qmin);
        if (!(scale > 0f) || !float.IsFinite(scale))
        {
            // A constant-zero tensor: any positive scale represents it exactly.
            return new QuantizationParameters(1f, 0, qmin, qmax);
        }

        var zeroPoint = (int)Math.Clamp(MathF.Round(qmin - low / scale, MidpointRounding.ToEven), qmin, qmax);
        return new QuantizationParameters(scale, zeroPoint, qmin, qmax);
    }

    /// <summary>Symmetric int8 parameters for weights whose largest magnitude is <paramref name="maxAbs"/> (−127…127, zero point 0).</summary>
    public static QuantizationParameters ForWeights(float maxAbs) =>
        new(maxAbs > 0f ? maxAbs / 127f : 1f, 0, -127, 127);

    public int Quantize(float value) =>
        (int)Math.Clamp(MathF.Round(value / Scale, MidpointRounding.ToEven) + ZeroPoint, QMin, QMax);

    public float Dequantize(int quantized) => (quantized - ZeroPoint) * Scale;
}
