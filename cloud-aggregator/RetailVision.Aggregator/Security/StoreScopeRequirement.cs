using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace RetailVision.Aggregator.Security;

/// <summary>The route's <c>storeId</c>, when it has one, is among the caller's stores.</summary>
public sealed class StoreScopeRequirement : IAuthorizationRequirement;

public sealed class StoreScopeHandler : AuthorizationHandler<StoreScopeRequirement>
{
    public const string RouteValue = "storeId";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StoreScopeRequirement requirement)
    {
        if (ApiCaller.From(context.User) is not { } caller) return Task.CompletedTask;
        var storeId = (context.Resource as HttpContext)?.Request.RouteValues[RouteValue] as string;
        if (storeId is null || caller.CanRead(storeId)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
