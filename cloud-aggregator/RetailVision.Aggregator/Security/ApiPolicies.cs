using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace RetailVision.Aggregator.Security;

/// <summary>
/// The authorisation policies of the API. <see cref="StoreReader"/> lets a caller through to a
/// <c>{storeId}</c> route only for a store its token covers; routes without a store filter by the caller themselves.
/// </summary>
public static class ApiPolicies
{
    public const string StoreReader = "store-reader";
    public const string Admin = "admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(StoreReader, policy => policy.RequireAuthenticatedUser().AddRequirements(new StoreScopeRequirement()));
        options.AddPolicy(Admin, policy => policy.RequireAuthenticatedUser().RequireRole(nameof(ApiRole.Admin)));
        // A route mapped without a policy still needs a caller, so a new endpoint cannot be left open by mistake.
        options.FallbackPolicy = options.GetPolicy(StoreReader);
    }
}
