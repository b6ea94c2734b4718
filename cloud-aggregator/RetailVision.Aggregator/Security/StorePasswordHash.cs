using System.Security.Cryptography;
using System.Text;

namespace RetailVision.Aggregator.Security;

/// <summary>
/// PBKDF2-SHA256 password hashes as one self-describing string, <c>pbkdf2-sha256$iterations$salt$hash</c> (salt and
/// hash in base64), so the configuration holds no store password and the work factor can be raised per store later.
/// </summary>
public static class StorePasswordHash
{
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; paid once per MQTT connect.</summary>
    public const int DefaultIterations = 600_000;

    public const int MinIterations = 1_000;
    public const int MaxIterations = 10_000_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Create(string password, int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, iterations, HashBytes);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>True when <paramref name="password"/> matches; false for a wrong password or a malformed hash.</summary>
    public static bool Verify(string password, string encodedHash)
    {
        if (!TryParse(encodedHash, out var iterations, out var salt, out var expected)) return false;
        var actual = Derive(password, salt, iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public static bool IsWellFormed(string? encodedHash) => TryParse(encodedHash, out _, out _, out _);

    /// <summary>
    /// A well-formed hash that no password matches, with the given work factor: checking an unknown user against it
    /// costs what a wrong password of a known one costs, so the answer's timing does not tell which users exist.
    /// </summary>
    public static string Unmatchable(int iterations = DefaultIterations) =>
        $"{Scheme}${iterations}${Convert.ToBase64String(RandomNumberGenerator.GetBytes(SaltBytes))}${Convert.ToBase64String(RandomNumberGenerator.GetBytes(HashBytes))}";

    /// <summary>The work factor of a well-formed hash, or null.</summary>
    public static int? IterationsOf(string encodedHash) => TryParse(encodedHash, out var iterations, out _, out _) ? iterations : null;

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);

    private static bool TryParse(string? encoded, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = encoded?.Split('$');
        if (parts is not [Scheme, var count, var saltText, var hashText]) return false;
        if (!int.TryParse(count, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out iterations)
            || iterations is < MinIterations or > MaxIterations) return false;
        try
        {
            salt = Convert.FromBase64String(saltText);
            hash = Convert.FromBase64String(hashText);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= 8 && hash.Length >= 16;
    }
}
