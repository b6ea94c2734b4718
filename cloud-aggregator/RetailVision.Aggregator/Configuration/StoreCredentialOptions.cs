namespace RetailVision.Aggregator.Configuration;

/// <summary>One store allowed to connect to the embedded broker.</summary>
public sealed class StoreCredentialOptions
{
    public string StoreId { get; set; } = "";

    /// <summary>A <see cref="Security.StorePasswordHash"/> string, made with <c>retailvision-aggregator hash-password</c>.</summary>
    public string PasswordHash { get; set; } = "";
}
