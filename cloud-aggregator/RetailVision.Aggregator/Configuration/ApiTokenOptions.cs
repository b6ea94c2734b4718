using RetailVision.Aggregator.Security;

namespace RetailVision.Aggregator.Configuration;

/// <summary>One API token, made with <c>retailvision-aggregator create-token</c>.</summary>
public sealed class ApiTokenOptions
{
    /// <summary>Who holds it (shown in logs and the rate limiter's partitions).</summary>
    public string Name { get; set; } = "";

    public ApiRole Role { get; set; } = ApiRole.Manager;

    /// <summary>A manager's stores; empty for the chain-wide roles.</summary>
    public List<string> Stores { get; set; } = [];

    /// <summary>The token's <see cref="ApiToken.HashOf"/>; the token itself is never stored.</summary>
    public string Sha256 { get; set; } = "";
}
