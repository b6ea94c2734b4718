namespace RetailVision.Models.Conversion;

/// <summary>How to convert: everything that affects the produced bytes is here or in the source model.</summary>
public sealed record ConversionOptions
{
    /// <summary>Target input size; null keeps the size the source model was exported with.</summary>
    public InputSize? InputSize { get; init; }

    /// <summary>Both input sides must be a multiple of this (the model's largest stride).</summary>
    public int SizeMultiple { get; init; } = 32;

    /// <summary>Make the batch dimension symbolic (<c>batch</c>) instead of the exported 1.</summary>
    public bool DynamicBatch { get; init; } = true;

    public string GraphName { get; init; } = "converted";

    public string InputName { get; init; } = "input";

    /// <summary>Names head outputs by content; null keeps names derived from the source tensors.</summary>
    public DetectionOutputNaming? OutputNaming { get; init; }

    /// <summary>Extra <c>metadata_props</c> entries, e.g. where the source came from.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
