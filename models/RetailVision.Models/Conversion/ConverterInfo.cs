namespace RetailVision.Models.Conversion;

/// <summary>
/// Identity of this converter, written into every produced model. Bump <see cref="Version"/>
/// whenever the produced bytes change, and re-record the manifest hashes.
/// </summary>
public static class ConverterInfo
{
    public const string ProducerName = "RetailVision.Models";

    public const string Version = "1.0.0";

    public const int OnnxOpset = 18;

    /// <summary>IR version 8 is the newest the vendored onnx.proto (ONNX 1.12) describes; opset 18 needs at least 8.</summary>
    public const long OnnxIrVersion = 8;
}
