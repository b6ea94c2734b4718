namespace RetailVision.Models.Manifest;

/// <summary>
/// How the int8 variant is made from the float model and that size's calibration table
/// (<c>&lt;id&gt;.calibration-&lt;W&gt;x&lt;H&gt;.json</c> beside the manifest): the quantiser version that produced
/// the recorded hashes, the activation type (<c>uint8</c> or <c>int8</c>), the nodes kept in float, and the SHA-256
/// of the quantised ONNX per size.
/// </summary>
public sealed record QuantizationRecord(
    string QuantizerVersion,
    string Activations,
    IReadOnlyList<string> FloatNodes,
    IReadOnlyDictionary<string, string> Sha256BySize);
