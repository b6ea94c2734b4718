using Microsoft.AspNetCore.Builder;
using RetailVision.Aggregator;
using RetailVision.Tests.Shared;

namespace RetailVision.EndToEnd.Tests;

/// <summary>
/// The aggregator as the demo runs it, for one test: embedded broker on a free port accepting anonymous clients, a
/// LiteDB file in a temporary folder, the HTTP API on a free port. Disposing stops it and deletes the folder.
/// </summary>
public sealed class EmbeddedAggregator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedAggregator(string directory, int brokerPort, WebApplication app, HttpClient http)
    {
        Directory = directory;
        BrokerPort = brokerPort;
        _app = app;
        Http = http;
    }

    /// <summary>The temporary folder holding the database; tests may put their own files here too.</summary>
    public string Directory { get; }

    public int BrokerPort { get; }

    /// <summary>A client for the HTTP API, with an admin token.</summary>
    public HttpClient Http { get; }

    public static async Task<EmbeddedAggregator> StartAsync(string folderPrefix)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory(folderPrefix).FullName;
        var port = FreePort.Next();
        var app = AggregatorApp.Build([
            $"--Aggregator:DatabasePath={Path.Combine(directory, "aggregator.db")}",
            $"--Aggregator:Broker:Port={port}",
            "--Aggregator:Broker:AllowAnonymous=true",
            "--urls=http://127.0.0.1:0",
            .. ApiTokens.AdminSettings,
        ]);
        await app.StartAsync();
        return new EmbeddedAggregator(directory, port, app, ApiTokens.Client(new Uri(app.Urls.First()), ApiTokens.Admin));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
