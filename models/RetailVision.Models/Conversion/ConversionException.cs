namespace RetailVision.Models.Conversion;

/// <summary>The source graph cannot be converted as asked (unsupported op or attribute, bad input size, ...).</summary>
public sealed class ConversionException(string message) : Exception(message);
