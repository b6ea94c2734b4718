using System.Security.Cryptography;

namespace RetailVision.Models;

/// <summary>SHA-256 as lowercase hex, the form manifests record.</summary>
public static class Sha256Hex
{
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string OfBytes(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
