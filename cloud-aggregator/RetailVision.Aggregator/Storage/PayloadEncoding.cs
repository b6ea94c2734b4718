namespace RetailVision.Aggregator.Storage;

/// <summary>How <see cref="PayloadExcerpt.Text"/> holds the bytes.</summary>
public enum PayloadEncoding
{
    Utf8,
    Base64,
}
