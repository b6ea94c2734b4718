namespace RetailVision.Models.Manifest;

/// <summary>Everything needed to obtain, convert, verify and feed one model (models/manifests/&lt;id&gt;.json).</summary>
public sealed record ModelManifest(
    string Id,
    ModelSource Source,
    InputSpec Input,
    DecoderSpec Decoder,
    IReadOnlyList<string> Classes,
    ConversionRecord Conversion,
    QuantizationRecord Quantization);
