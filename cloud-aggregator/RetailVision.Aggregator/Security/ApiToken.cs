using System.Security.Cryptography;
using System.Text;

namespace RetailVision.Aggregator.Security;

/// <summary>
/// API tokens are 256 random bits; the aggregator keeps only their SHA-256, so a leaked configuration does not leak
/// them. A slow password hash buys nothing against tokens that cannot be guessed, and would make every request pay it.
/// </summary>
public static class ApiToken
{
    public const string Prefix = "rv_";

    public static string Create() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The lower-case hex SHA-256 of the token's UTF-8 bytes, as configured in <c>Sha256</c>.</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool IsWellFormedHash(string? hash) =>
        hash is { Length: 64 } && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
