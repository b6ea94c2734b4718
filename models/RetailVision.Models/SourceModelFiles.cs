namespace RetailVision.Models;

/// <summary>Paths of the original (TF.js) model files inside the cache.</summary>
public sealed record SourceModelFiles(string ModelJsonPath, string WeightsPath, string LicencePath);
