namespace RetailVision.Models.Manifest;

/// <summary>
/// Which converter version produced the recorded hashes, and the SHA-256 of the produced ONNX
/// per verified input size (keys are <c>WxH</c>).
/// </summary>
public sealed record ConversionRecord(string ConverterVersion, IReadOnlyDictionary<string, string> Sha256BySize);
