using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using RetailVision.Aggregator.Api;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Tests.Api;

/// <summary>The API's concurrency permits: a caller holds at most its own share, so another caller is always served.</summary>
public sealed class ApiConcurrencyTests
{
    private static PartitionedRateLimiter<HttpContext> Limiter(ApiOptions api)
    {
        var options = new RateLimiterOptions();
        ApiRateLimiting.Configure(options, api);
        return options.GlobalLimiter!;
    }

    /// <summary>An anonymous /api request: its caller is its address.</summary>
    private static HttpContext From(string address)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/api/stores";
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }

    [Fact]
    public void A_caller_holding_its_share_leaves_the_other_permits_to_other_callers()
    {
        using var limiter = Limiter(new ApiOptions { ConcurrentRequests = 2 });

        using var first = limiter.AttemptAcquire(From("10.0.0.1"));
        using var again = limiter.AttemptAcquire(From("10.0.0.1"));
        using var other = limiter.AttemptAcquire(From("10.0.0.2"));
        using var third = limiter.AttemptAcquire(From("10.0.0.3"));

        Assert.True(first.IsAcquired);
        Assert.False(again.IsAcquired);
        Assert.True(other.IsAcquired);
        Assert.False(third.IsAcquired);
    }

    [Fact]
    public void A_released_permit_serves_the_callers_next_request()
    {
        using var limiter = Limiter(new ApiOptions { ConcurrentRequests = 2 });
        var first = limiter.AttemptAcquire(From("10.0.0.1"));

        first.Dispose();
        using var next = limiter.AttemptAcquire(From("10.0.0.1"));

        Assert.True(next.IsAcquired);
    }

    [Fact]
    public void Health_and_the_dashboard_are_outside_the_limits()
    {
        using var limiter = Limiter(new ApiOptions { ConcurrentRequests = 2 });
        using var held = limiter.AttemptAcquire(From("10.0.0.1"));
        var health = From("10.0.0.1");
        health.Request.Path = "/health";

        using var lease = limiter.AttemptAcquire(health);

        Assert.True(lease.IsAcquired);
    }
}
