namespace RetailVision.Models;

/// <summary>Numeric precision of a prepared model: the converted float model, or its int8 (QDQ) quantisation.</summary>
public enum ModelPrecision
{
    Fp32,
    Int8,
}
