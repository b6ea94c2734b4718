namespace RetailVision.Models.Tfjs;

/// <summary>One <c>weightsManifest[].weights[]</c> entry: where a constant's bytes are and how they are encoded.</summary>
public sealed record TfjsWeightSpec(
    string Name,
    int[] Shape,
    string Dtype,
    string? QuantizationDtype,
    string? QuantizationOriginalDtype);
