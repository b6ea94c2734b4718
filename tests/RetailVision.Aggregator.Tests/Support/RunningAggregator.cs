using RetailVision.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using MQTTnet;
using MQTTnet.Formatter;

namespace RetailVision.Aggregator.Tests.Support;

/// <summary>
/// The real aggregator started in-process: a temp LiteDB file, its embedded broker on a free port (or subscribed to
/// another broker) and HTTP on a port the OS picks.
/// </summary>
public sealed class RunningAggregator : IAsyncDisposable
{
    private readonly TempDirectory? _ownedDirectory;

    private RunningAggregator(WebApplication app, int brokerPort, TempDirectory? ownedDirectory)
    {
        App = app;
        BrokerPort = brokerPort;
        _ownedDirectory = ownedDirectory;
        Http = ApiTokens.Client(new Uri(app.Urls.First()), ApiTokens.Admin);
    }

    public WebApplication App { get; }

    public int BrokerPort { get; }

    /// <summary>A client of the HTTP API with the admin token (<see cref="ApiTokens.Admin"/>).</summary>
    public HttpClient Http { get; }

    /// <summary>Starts an aggregator; <paramref name="databasePath"/> defaults to a file in a temp directory removed on dispose.</summary>
    public static async Task<RunningAggregator> StartAsync(IEnumerable<string> settings, string? databasePath = null, int? brokerPort = null)
    {
        var directory = databasePath is null ? new TempDirectory() : null;
        var port = brokerPort ?? FreePort.Next();
        var app = AggregatorApp.Build([
            $"--Aggregator:DatabasePath={databasePath ?? directory!.File("aggregator.db")}",
            $"--Aggregator:Broker:Port={port}",
            "--urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            // The tests' events are dated around TestEvents.T0, which must not age out of the raw retention.
            "--Aggregator:Storage:RawRetentionDays=0",
            .. ApiTokens.AdminSettings,
            .. settings,
        ]);
        await app.StartAsync();
        return new RunningAggregator(app, port, directory);
    }

    public async Task<(IMqttClient Client, MqttClientConnectResult Result)> ConnectAsync(string clientId, string? user = null, string? password = null,
        MqttProtocolVersion protocol = MqttProtocolVersion.V500)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", BrokerPort).WithClientId(clientId).WithProtocolVersion(protocol);
        if (user is not null) options.WithCredentials(user, password);
        var result = await client.ConnectAsync(options.Build());
        return (client, result);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _ownedDirectory?.Dispose();
    }
}
