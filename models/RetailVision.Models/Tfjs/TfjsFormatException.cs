namespace RetailVision.Models.Tfjs;

/// <summary>A TF.js graph model file is malformed or uses a feature this reader does not support.</summary>
public sealed class TfjsFormatException(string message) : Exception(message);
