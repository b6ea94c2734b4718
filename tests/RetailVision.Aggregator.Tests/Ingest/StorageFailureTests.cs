using System.Net;
using MQTTnet;
using MQTTnet.Formatter;
using Microsoft.Extensions.DependencyInjection;
using RetailVision.Aggregator.Storage;
using RetailVision.Aggregator.Tests.Support;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Ingest;

/// <summary>When the database cannot be written, the broker must not acknowledge a publish as received.</summary>
public sealed class StorageFailureTests : IAsyncLifetime
{
    private RunningAggregator _aggregator = null!;

    public async Task InitializeAsync()
    {
        _aggregator = await RunningAggregator.StartAsync(["--Aggregator:Broker:AllowAnonymous=true"]);
        // Closing the database under the running app makes every write fail, as a broken disk would.
        _aggregator.App.Services.GetRequiredService<IAggregatorStorage>().Dispose();
    }

    [Fact]
    public async Task An_MQTT5_publish_gets_an_error_code_and_health_turns_unhealthy()
    {
        var (client, _) = await _aggregator.ConnectAsync("edge-v5");
        using var _client = client;

        var result = await client.PublishAsync(Enter("s1", "cam", "shelf", 1, 0));

        Assert.Equal(MqttClientPublishReasonCode.ImplementationSpecificError, result.ReasonCode);
        using var health = await _aggregator.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }

    [Fact]
    public async Task An_MQTT311_publish_gets_no_acknowledgement_at_all()
    {
        var (client, _) = await _aggregator.ConnectAsync("edge-v311", protocol: MqttProtocolVersion.V311);
        using var _client = client;

        // A 3.1.1 PUBACK cannot carry an error, so the broker closes the connection instead of acknowledging.
        await Assert.ThrowsAnyAsync<Exception>(() => client.PublishAsync(Enter("s1", "cam", "shelf", 1, 0)));
    }

    public async Task DisposeAsync() => await _aggregator.DisposeAsync();
}
