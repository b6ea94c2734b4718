namespace RetailVision.Models.Quantization;

/// <summary>The integer type activations are quantised to (weights are always int8).</summary>
public enum ActivationType
{
    UInt8,
    Int8,
}
