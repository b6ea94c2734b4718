namespace RetailVision.Models.Quantization;

/// <summary>Everything besides the model and its calibration table that decides the quantised bytes.</summary>
public sealed record QuantizationOptions
{
    public ActivationType Activations { get; init; } = ActivationType.UInt8;

    /// <summary>Names of quantisable nodes to leave in float (the most quantisation-sensitive layers).</summary>
    public IReadOnlyList<string> FloatNodes { get; init; } = [];
}
