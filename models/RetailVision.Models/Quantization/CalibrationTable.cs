namespace RetailVision.Models.Quantization;

/// <summary>
/// Activation ranges of one model at one input size, measured by running the float model over
/// calibration frames: <see cref="Ranges"/> maps each tensor name to the real range to quantise it over.
/// <see cref="Method"/> and <see cref="Frames"/> say how they were obtained, so the table can be reproduced.
/// </summary>
public sealed record CalibrationTable(
    string ModelId,
    string InputSize,
    string Method,
    string Frames,
    IReadOnlyDictionary<string, TensorRange> Ranges);
