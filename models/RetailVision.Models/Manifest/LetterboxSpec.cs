namespace RetailVision.Models.Manifest;

/// <summary>
/// How a frame is fitted to the input: scaled keeping its aspect ratio (when <see cref="KeepAspect"/>),
/// placed by <see cref="Anchor"/> (<c>center</c> or <c>top-left</c>), the rest filled with
/// <see cref="PadValue"/> (a pixel value, before normalisation).
/// </summary>
public sealed record LetterboxSpec(bool KeepAspect, string Anchor, float PadValue);
