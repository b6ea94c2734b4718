using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Api;

/// <summary>
/// Kestrel's limits on HTTP connections, from <c>Aggregator:Api</c>: an idle keep-alive connection is closed, and a
/// request's headers must arrive in time, so idle or dribbling clients cannot pile up. The settings are server-wide,
/// but Kestrel applies them to HTTP connections only: the broker's listeners run connection middleware, not HTTP, and
/// their idle clients are the MQTT library's keep-alive to judge.
/// </summary>
public static class HttpConnectionLimits
{
    public static void Configure(WebApplicationBuilder builder) =>
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var api = kestrel.ApplicationServices.GetRequiredService<IOptions<AggregatorOptions>>().Value.Api;
            kestrel.Limits.KeepAliveTimeout = api.KeepAliveTimeout;
            kestrel.Limits.RequestHeadersTimeout = api.RequestHeadersTimeout;
        });
}
