using RetailVision.Models.Manifest;

namespace RetailVision.Models;

/// <summary>
/// A converted model ready for ONNX Runtime, with how to feed it and read it.
/// <see cref="Input"/> carries the prepared size (not the manifest default).
/// </summary>
public sealed record PreparedModel(
    string ModelId,
    string OnnxPath,
    string Sha256,
    bool Sha256RecordedInManifest,
    InputSpec Input,
    DecoderSpec Decoder,
    IReadOnlyList<string> Classes,
    string Licence);
