using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Security;

/// <summary>The configured tokens by their SHA-256, so a presented token is found by hashing it once.</summary>
public sealed class ApiTokenTable
{
    private readonly Dictionary<string, ApiCaller> _byHash;

    public ApiTokenTable(IOptions<AggregatorOptions> options)
    {
        _byHash = options.Value.Api.Tokens.ToDictionary(
            t => t.Sha256,
            t => new ApiCaller(t.Name, t.Role, t.Stores.ToHashSet(StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The caller the token stands for, or null. The lookup key is the token's hash, so a timing difference could only
    /// tell how much of a hash an attacker's guess shares with a stored one, which says nothing about any token.
    /// </summary>
    public ApiCaller? Find(string token) => _byHash.GetValueOrDefault(ApiToken.HashOf(token));
}
