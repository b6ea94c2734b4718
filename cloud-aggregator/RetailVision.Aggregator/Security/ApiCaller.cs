using System.Security.Claims;

namespace RetailVision.Aggregator.Security;

/// <summary>The authenticated HTTP caller: a named token, its role and, for a manager, the stores it covers.</summary>
public sealed record ApiCaller(string Name, ApiRole Role, IReadOnlySet<string> Stores)
{
    public const string StoreClaim = "retailvision:store";

    public bool IsChainWide => Role is ApiRole.Analyst or ApiRole.Admin;

    public bool CanRead(string storeId) => IsChainWide || Stores.Contains(storeId);

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, Name), new(ClaimTypes.Role, Role.ToString()) };
        foreach (var store in Stores) claims.Add(new Claim(StoreClaim, store));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The caller a principal made by <see cref="ToPrincipal"/> stands for; null when it is not authenticated.</summary>
    public static ApiCaller? From(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true, Name: { } name }) return null;
        if (!Enum.TryParse<ApiRole>(principal.FindFirstValue(ClaimTypes.Role), out var role)) return null;
        var stores = principal.FindAll(StoreClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new ApiCaller(name, role, stores);
    }
}
