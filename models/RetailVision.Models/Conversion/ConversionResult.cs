namespace RetailVision.Models.Conversion;

/// <summary>
/// A produced ONNX model and facts about it. <see cref="InputSize"/> reads the input as NCHW
/// (the layout retargeting supports).
/// </summary>
public sealed record ConversionResult(
    byte[] OnnxBytes,
    string Sha256,
    InputSize InputSize,
    IReadOnlyList<ConvertedOutput> Outputs,
    int NodeCount,
    int TransposeCount);
