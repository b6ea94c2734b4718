namespace RetailVision.Models.Registry;

/// <summary>A package could not be fetched from its registry or read.</summary>
public sealed class PackageFetchException(string message) : Exception(message);
