using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Api;

/// <summary>
/// Binds the HTTP API to the <c>Urls</c> setting (<c>--urls</c>, appsettings) itself: the broker's listeners live in
/// the same Kestrel server, and Kestrel ignores <c>Urls</c> once any listener is configured in code. The HTTP
/// listeners are bound first, so <c>app.Urls</c> lists them before the broker's.
/// </summary>
public static class HttpListeners
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static void Configure(WebApplicationBuilder builder)
    {
        var urls = builder.Configuration["urls"] is { Length: > 0 } configured ? configured : DefaultUrl;
        var addresses = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();
        // Cleared so Kestrel does not warn that the code-configured listeners override it.
        builder.Configuration["urls"] = "";
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in addresses)
            {
                if (address.Host is "localhost") kestrel.ListenLocalhost(address.Port);
                else if (address.Host is "*" or "+" or "0.0.0.0") kestrel.ListenAnyIP(address.Port);
                else kestrel.Listen(IPAddress.Parse(address.Host.Trim('[', ']')), address.Port);
            }
        });
    }

    private static BindingAddress Parse(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException ex)
        {
            throw new InvalidSettingException($"Urls: '{url}' is not an address such as {DefaultUrl} ({ex.Message})", ex);
        }
        if (address.Scheme != "http")
            throw new InvalidSettingException($"Urls: '{url}' must be http:// (terminate TLS for the API at a reverse proxy)");
        if (address.Host is not ("localhost" or "*" or "+" or "0.0.0.0") && !IPAddress.TryParse(address.Host.Trim('[', ']'), out _))
            throw new InvalidSettingException($"Urls: '{url}' must name an IP address, localhost or * as its host");
        return address;
    }
}
