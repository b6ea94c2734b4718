using System.Net.Http.Json;
using System.Text.Json;
using RetailVision.Aggregator.Tests.Support;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Ingest;

/// <summary>
/// External-broker mode against a real broker (a second aggregator's embedded one): the subscriber stores what stores
/// publish, and its persistent session brings what was published while it was down.
/// </summary>
public sealed class ExternalBrokerSubscriberTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private RunningAggregator _broker = null!;

    public async Task InitializeAsync() => _broker = await RunningAggregator.StartAsync(["--Aggregator:Broker:AllowAnonymous=true"]);

    private Task<RunningAggregator> StartSubscriberAsync() =>
        RunningAggregator.StartAsync([
            "--Aggregator:Broker:Mode=External",
            "--Aggregator:Broker:Host=127.0.0.1",
            "--Aggregator:Broker:ClientId=test-aggregator",
        ], databasePath: _dir.File("subscriber.db"), brokerPort: _broker.BrokerPort);

    [Fact]
    public async Task Stores_what_is_published_including_while_it_was_down()
    {
        var (edge, _) = await _broker.ConnectAsync("edge");
        using var _edge = edge;
        var first = Enter("s1", "cam", "shelf", 1, 0);
        var whileDown = Exit("s1", "cam", "shelf", 1, 0, 3);

        await using (var subscriber = await StartSubscriberAsync())
        {
            await WaitUntilConnected(subscriber);
            Assert.True((await edge.PublishAsync(first)).IsSuccess);
            await WaitForEvents(subscriber, 1);
        }
        Assert.True((await edge.PublishAsync(whileDown)).IsSuccess);

        await using var restarted = await StartSubscriberAsync();
        var events = await WaitForEvents(restarted, 2);
        Assert.Equal([first.EventId, whileDown.EventId], events.Select(e => e.GetProperty("eventId").GetGuid()));
    }

    private static async Task WaitUntilConnected(RunningAggregator subscriber)
    {
        for (var i = 0; i < 100; i++)
        {
            using var health = await subscriber.Http.GetAsync("/health");
            if (health.IsSuccessStatusCode) return;
            await Task.Delay(50);
        }
        Assert.Fail("the subscriber did not connect to the broker");
    }

    private static async Task<JsonElement[]> WaitForEvents(RunningAggregator subscriber, int count)
    {
        JsonElement[] events = [];
        for (var i = 0; i < 100 && events.Length < count; i++)
        {
            using var response = await subscriber.Http.GetAsync("/api/stores/s1/events");
            if (response.IsSuccessStatusCode) events = (await response.Content.ReadFromJsonAsync<JsonElement[]>())!;
            if (events.Length < count) await Task.Delay(50);
        }
        Assert.Equal(count, events.Length);
        return events;
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _dir.Dispose();
    }
}
