namespace RetailVision.Models.Quantization;

/// <summary>The range of real values a tensor is quantised over (values outside it saturate).</summary>
public readonly record struct TensorRange(float Min, float Max);
