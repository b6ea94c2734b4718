using RetailVision.Models.Manifest;

namespace RetailVision.Models;

/// <summary>
/// A converted model ready for ONNX Runtime, with how to feed it and read it.
/// <see cref="Input"/> carries the prepared size (not the manifest default); <see cref="Precision"/> says whether
/// <see cref="OnnxPath"/> is the float model or its int8 (QDQ) variant, which are fed and read alike.
/// </summary>
public sealed record PreparedModel(
    string ModelId,
    string OnnxPath,
    string Sha256,
    bool Sha256RecordedInManifest,
    InputSpec Input,
    DecoderSpec Decoder,
    IReadOnlyList<string> Classes,
    string Licence)
{
    public ModelPrecision Precision { get; init; } = ModelPrecision.Fp32;
}
