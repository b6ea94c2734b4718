using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Api;

/// <summary>
/// Aborts the connection of a request still running <see cref="ApiOptions.ResponseTimeout"/> after it was admitted. A
/// client reading a large answer at a few hundred bytes a second keeps the write waiting, and with it the request's
/// concurrency permit; aborting (rather than cancelling a token the write may not watch) ends that write at once, and
/// the permit is released as the request unwinds.
/// </summary>
public static class ResponseDeadline
{
    public static IApplicationBuilder UseResponseDeadline(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var services = context.RequestServices;
            var limit = services.GetRequiredService<IOptions<AggregatorOptions>>().Value.Api.ResponseTimeout;
            using var deadline = new CancellationTokenSource(limit, services.GetRequiredService<TimeProvider>());
            await using var abort = deadline.Token.Register(static state => ((HttpContext)state!).Abort(), context);
            await next(context);
        });
}
