namespace RetailVision.Models;

/// <summary>A downloaded or produced file does not have the SHA-256 the manifest records.</summary>
public sealed class ModelIntegrityException(string message) : Exception(message);
