namespace RetailVision.Models.Manifest;

/// <summary>
/// The model input and how to make it from a BGR frame: letterbox to Width×Height, order the
/// channels, then (pixel − Mean) / Std per channel, laid out as <see cref="Layout"/>.
/// Mean and Std are in <see cref="ChannelOrder"/> order, on 0–255 pixel values.
/// </summary>
public sealed record InputSpec(
    int Width,
    int Height,
    int SizeMultiple,
    string Layout,
    string ChannelOrder,
    IReadOnlyList<float> Mean,
    IReadOnlyList<float> Std,
    LetterboxSpec Letterbox);
