namespace RetailVision.Models.Quantization;

/// <summary>
/// Identity of the QDQ quantiser, written into every quantised model. Bump <see cref="Version"/> whenever the
/// produced bytes change for the same float model and calibration table, and re-record the manifest's int8 hashes.
/// </summary>
public static class QuantizerInfo
{
    public const string Version = "1.0.0";
}
