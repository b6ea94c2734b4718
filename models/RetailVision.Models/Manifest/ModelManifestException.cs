namespace RetailVision.Models.Manifest;

/// <summary>A model manifest is missing, malformed or inconsistent.</summary>
public sealed class ModelManifestException(string message) : Exception(message);
