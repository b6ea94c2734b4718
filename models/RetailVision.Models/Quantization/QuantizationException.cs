namespace RetailVision.Models.Quantization;

/// <summary>A model cannot be quantised as asked, or a calibration table is malformed.</summary>
public sealed class QuantizationException(string message) : Exception(message);
