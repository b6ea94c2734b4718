using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Security;

namespace RetailVision.Aggregator.Api;

/// <summary>
/// Bounds the work the HTTP API takes on: each caller (token, or address when anonymous) gets a token bucket and a
/// concurrency limit of its own, and all of <c>/api</c> shares a larger concurrency limit; each has a short queue. What
/// does not fit is answered 429 at once, so a storm of queries costs little more than its refusals and leaves cores to
/// ingest, and one caller, however slowly it reads its answers, leaves permits to the others. <c>/health</c> and the
/// dashboard's files are outside all three limits.
/// </summary>
public static class ApiRateLimiting
{
    public static void Configure(RateLimiterOptions limiter, ApiOptions api)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        // In this order: a caller over its own limits never takes a shared permit.
        limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(PerCaller(api), PerCallerConcurrency(api), Shared(api));
        limiter.OnRejected = (context, cancellationToken) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests",
                    Detail = $"the API is busy, this caller has {api.EffectiveConcurrentRequestsPerCaller} requests running and more waiting, or it is over {api.RequestsPerMinute} requests per minute; retry after {retryAfter} s",
                },
            });
        };
    }

    private static PartitionedRateLimiter<HttpContext> PerCaller(ApiOptions api) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => IsLimited(context)
            ? RateLimitPartition.GetTokenBucketLimiter(CallerKey(context), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = api.BurstRequests,
                TokensPerPeriod = Math.Max(1, api.RequestsPerMinute / 60),
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter(""));

    private static PartitionedRateLimiter<HttpContext> PerCallerConcurrency(ApiOptions api) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => IsLimited(context)
            ? RateLimitPartition.GetConcurrencyLimiter(CallerKey(context), _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = api.EffectiveConcurrentRequestsPerCaller,
                QueueLimit = api.QueuedRequests,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            })
            : RateLimitPartition.GetNoLimiter(""));

    private static PartitionedRateLimiter<HttpContext> Shared(ApiOptions api) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => IsLimited(context)
            ? RateLimitPartition.GetConcurrencyLimiter("api", _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = api.EffectiveConcurrentRequests,
                QueueLimit = api.QueuedRequests,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            })
            : RateLimitPartition.GetNoLimiter(""));

    private static bool IsLimited(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    private static string CallerKey(HttpContext context) =>
        ApiCaller.From(context.User) is { } caller ? "token:" + caller.Name : "address:" + context.Connection.RemoteIpAddress;
}
