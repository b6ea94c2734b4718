using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MQTTnet;
using MQTTnet.Protocol;
using RetailVision.Aggregator.Security;
using RetailVision.Aggregator.Tests.Support;
using RetailVision.Contracts;
using SkiaSharp;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Ingest;

/// <summary>
/// Messages published to the real embedded broker as a store would, and what the HTTP API then answers: valid events
/// stored once, bad ones dead-lettered with their reason while ingest goes on, KPIs exactly as the events imply.
/// </summary>
public sealed class EmbeddedBrokerIngestTests : IAsyncLifetime
{
    private const string Store = "store-a";
    private const string Password = "store-a-password";
    private RunningAggregator _aggregator = null!;
    private IMqttClient _client = null!;

    public async Task InitializeAsync()
    {
        _aggregator = await RunningAggregator.StartAsync([
            "--Aggregator:Broker:Stores:0:StoreId=" + Store,
            "--Aggregator:Broker:Stores:0:PasswordHash=" + StorePasswordHash.Create(Password, StorePasswordHash.MinIterations),
        ]);
        var (client, result) = await _aggregator.ConnectAsync($"{Store}:edge", Store, Password);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        _client = client;
    }

    [Fact]
    public async Task An_event_published_twice_is_stored_once()
    {
        var enter = Enter(Store, "cam", "shelf", 1, 0);

        Assert.True((await _client.PublishAsync(enter)).IsSuccess);
        Assert.True((await _client.PublishAsync(enter)).IsSuccess);

        var events = await _aggregator.Http.GetFromJsonAsync<JsonElement>($"/api/stores/{Store}/events");
        var stored = Assert.Single(events.EnumerateArray());
        Assert.Equal(enter.EventId, stored.GetProperty("eventId").GetGuid());
        Assert.Equal("zone_enter", stored.GetProperty("kind").GetString());
        var counters = (await Health()).GetProperty("counters");
        Assert.Equal(1, counters.GetProperty("stored").GetInt64());
        Assert.Equal(1, counters.GetProperty("duplicates").GetInt64());
    }

    [Fact]
    public async Task The_kpis_are_what_the_published_events_imply()
    {
        DecisionPointEvent[] events =
        [
            Enter(Store, "cam", "shelf", 1, 0), Exit(Store, "cam", "shelf", 1, 0, 10),
            Enter(Store, "cam", "shelf", 2, 5), Exit(Store, "cam", "shelf", 2, 5, 31),
            Enter(Store, "cam", "shelf", 3, 8), Exit(Store, "cam", "shelf", 3, 8, 2.5),
            Enter(Store, "cam", "queue", 4, 100),
            Enter(Store, "door-cam", "entrance", 1, 3600), Exit(Store, "door-cam", "entrance", 1, 3600, 1.5),
        ];
        foreach (var e in events) Assert.True((await _client.PublishAsync(e)).IsSuccess);

        var all = await _aggregator.Http.GetFromJsonAsync<JsonNode>($"/api/stores/{Store}/kpis");
        var firstHour = await _aggregator.Http.GetFromJsonAsync<JsonNode>(
            $"/api/stores/{Store}/kpis?from={T0:O}&to={T0.AddHours(1):O}".Replace("+", "%2B"));

        // Counts and means are exact; medians are the dwell histogram's, within a quarter second (the middle of a 0.5 s bin).
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"storeId":"store-a","from":null,"to":null,"zones":[
              {"cameraId":"cam","zoneId":"queue","visits":1,"completedVisits":0,"meanDwellSeconds":null,"medianDwellSeconds":null,
               "passBy":0,"browse":0,"engaged":0,"served":0,"abandoned":0},
              {"cameraId":"cam","zoneId":"shelf","visits":3,"completedVisits":3,"meanDwellSeconds":14.5,"medianDwellSeconds":10.25,
               "passBy":0,"browse":0,"engaged":0,"served":0,"abandoned":0},
              {"cameraId":"door-cam","zoneId":"entrance","visits":1,"completedVisits":1,"meanDwellSeconds":1.5,"medianDwellSeconds":1.75,
               "passBy":0,"browse":0,"engaged":0,"served":0,"abandoned":0}],
             "totals":{"visits":5,"completedVisits":4,"meanDwellSeconds":11.25,"medianDwellSeconds":6.5},"lines":[]}
            """), all), all!.ToJsonString());
        Assert.Equal(2, firstHour!["zones"]!.AsArray().Count);
        Assert.Equal(4, firstHour["totals"]!["visits"]!.GetValue<int>());
        Assert.Equal(T0, firstHour["from"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Bad_messages_are_dead_lettered_with_their_reason_and_ingest_goes_on()
    {
        var topic = MqttTopics.Events(MqttTopics.DefaultPrefix, Store, "cam");
        var valid = JsonNode.Parse(ContractJson.Serialize(Enter(Store, "cam", "shelf", 1, 0)))!.AsObject();
        JsonObject Changed(Action<JsonObject> change)
        {
            var copy = valid.DeepClone().AsObject();
            copy["eventId"] = Guid.NewGuid().ToString();
            change(copy);
            return copy;
        }
        (string Name, byte[] Payload, string Reason)[] bad =
        [
            ("not JSON", "hello"u8.ToArray(), "payload:"),
            ("wrong type", Bytes(Changed(e => e["trackId"] = "seven")), "trackId"),
            ("unknown version", Bytes(Changed(e => e["version"] = 2)), "version: 2 is not supported"),
            ("missing field", Bytes(Changed(e => e.Remove("zoneId"))), "zoneId"),
            ("oversized", Encoding.UTF8.GetBytes(new string(' ', ContractValidator.MaxPayloadBytes + 1)), "over the 262144-byte limit"),
            ("foreign store in the payload", Bytes(Changed(e => e["storeId"] = "store-b")), "storeId: 'store-b' does not match the topic's store 'store-a'"),
        ];

        foreach (var (name, payload, _) in bad)
        {
            var result = await _client.PublishRawAsync(topic, payload);
            Assert.True(result.IsSuccess, $"{name}: {result.ReasonCode}");
            Assert.StartsWith("dead-lettered: ", result.ReasonString);
        }
        Assert.True((await _client.PublishRawAsync($"retailvision/{Store}/cam/unknown-leaf", "{}"u8.ToArray())).IsSuccess);
        var afterwards = Enter(Store, "cam", "shelf", 2, 1);
        Assert.True((await _client.PublishAsync(afterwards)).IsSuccess);

        var deadLetters = (await _aggregator.Http.GetFromJsonAsync<JsonElement>("/api/dead-letters")).EnumerateArray().Reverse().ToList();
        Assert.Equal(bad.Length + 1, deadLetters.Count);
        for (var i = 0; i < bad.Length; i++)
        {
            Assert.Contains(bad[i].Reason, deadLetters[i].GetProperty("reason").GetString());
            Assert.Equal(topic, deadLetters[i].GetProperty("topic").GetString());
            Assert.Equal(bad[i].Payload.Length, deadLetters[i].GetProperty("payloadBytes").GetInt64());
        }
        Assert.Contains("unknown-leaf", deadLetters[^1].GetProperty("reason").GetString());
        Assert.Equal("hello", deadLetters[0].GetProperty("payload").GetProperty("text").GetString());
        Assert.True(deadLetters[4].GetProperty("payload").GetProperty("truncated").GetBoolean());

        var stored = await _aggregator.Http.GetFromJsonAsync<JsonElement>($"/api/stores/{Store}/events");
        Assert.Equal([afterwards.EventId], stored.EnumerateArray().Select(e => e.GetProperty("eventId").GetGuid()));
        Assert.Equal(bad.Length + 1, (await Health()).GetProperty("counters").GetProperty("deadLettered").GetInt64());
    }

    [Fact]
    public async Task Valid_messages_are_routed_to_subscribers_and_dead_letters_are_not()
    {
        var received = new List<string>();
        _client.ApplicationMessageReceivedAsync += args =>
        {
            lock (received) received.Add(args.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        await _client.SubscribeAsync(MqttTopics.Events(MqttTopics.DefaultPrefix, Store, "+"), MqttQualityOfServiceLevel.AtLeastOnce);
        var valid = Enter(Store, "cam", "shelf", 1, 0);

        await _client.PublishRawAsync(MqttTopics.Events(MqttTopics.DefaultPrefix, Store, "cam"), "not json"u8.ToArray());
        await _client.PublishAsync(valid);

        for (var i = 0; i < 100 && received.Count == 0; i++) await Task.Delay(20);
        await Task.Delay(100);
        lock (received) Assert.Equal([ContractJson.SerializeToString(valid)], received);
    }

    [Fact]
    public async Task The_heatmap_sums_the_stored_snapshots_as_a_png_and_is_404_without_data()
    {
        Assert.True((await _client.PublishAsync(Heatmap(Store, "cam", 0, 4, 3, Enumerable.Range(0, 12).Select(i => (float)i).ToArray()))).IsSuccess);
        Assert.True((await _client.PublishAsync(Heatmap(Store, "cam", 60, 4, 3, Enumerable.Repeat(1f, 12).ToArray()))).IsSuccess);

        using var response = await _aggregator.Http.GetAsync($"/api/stores/{Store}/heatmap.png?camera=cam");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var image = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((384, 288 + Aggregator.Heatmaps.HeatmapPngRenderer.CaptionHeight), (image.Width, image.Height));

        using var noCamera = await _aggregator.Http.GetAsync($"/api/stores/{Store}/heatmap.png?camera=elsewhere");
        Assert.Equal(HttpStatusCode.NotFound, noCamera.StatusCode);
        Assert.Equal("application/problem+json", noCamera.Content.Headers.ContentType?.MediaType);
        using var noRange = await _aggregator.Http.GetAsync($"/api/stores/{Store}/heatmap.png?from=2030-01-01");
        Assert.Equal(HttpStatusCode.NotFound, noRange.StatusCode);
    }

    [Theory]
    [InlineData("/api/stores/store-a/kpis?from=yesterday", "from")]
    [InlineData("/api/stores/store-a/kpis?from=2026-11-23T10:00:00Z&to=2026-11-23T09:00:00Z", "to")]
    [InlineData("/api/stores/store-a/events?limit=0", "limit")]
    [InlineData("/api/stores/store-a/events?limit=many", "limit")]
    [InlineData("/api/stores/store-a/heatmap.png?camera=a%2Fb", "camera")]
    [InlineData("/api/dead-letters?limit=1000000", "limit")]
    [InlineData("/api/stores/store-a/heatmap.png?from=2026-11-23T09:00:00.5%2B01:00&to=2026-11-23T09:00:00%2B01:00", "to")]
    [InlineData("/api/dead-letters?limit=-1", "limit")]
    [InlineData("/api/dead-letters?limit=1.5", "limit")]
    [InlineData("/api/stores/store-a/events?limit=1&limit=2", "limit")]
    [InlineData("/api/stores/bad%20id/events", "storeId")]
    [InlineData("/api/stores/sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss/events", "storeId")]
    [InlineData("/api/stores/a%2Fb/kpis", "storeId")]
    [InlineData("/api/stores/store-a%23/heatmap.png", "storeId")]
    [InlineData("/api/stores/store-a/events?from=2026-02-30", "from")]
    [InlineData("/api/stores/store-a/events?from=", "from")]
    [InlineData("/api/stores/store-a/kpis?to=2026-11-23T25:00:00Z", "to")]
    [InlineData("/api/stores/store-a/kpis?from=01/02/2026", "from")]
    [InlineData("/api/stores/store-a/kpis?from=2026-11-23%2009:00:00", "from")]
    [InlineData("/api/stores/store-a/kpis?to=Mon,%2023%20Nov%202026%2009:00:00%20GMT", "to")]
    [InlineData("/api/stores/store-a/events?from=20261123", "from")]
    [InlineData("/api/stores/store-a/dead-letters?limit=0", "limit")]
    [InlineData("/api/stores/store-a/heatmap.png?from=2026-11-23T10:00:00Z&to=2026-11-23T10:00:00Z", "to")]
    public async Task Bad_query_values_are_a_400_naming_the_parameter(string url, string parameter)
    {
        using var response = await _aggregator.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
        Assert.StartsWith($"{parameter}: ", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Messages_older_than_their_stores_raw_retention_are_dead_lettered_with_the_reason()
    {
        await using var aggregator = await RunningAggregator.StartAsync(["--Aggregator:Broker:AllowAnonymous=true",
            "--Aggregator:Storage:RawRetentionDays=30", "--Aggregator:Storage:StoreRawRetentionDays:flagship=365"]);
        var (client, _) = await aggregator.ConnectAsync("retention-test");
        using var _client = client;
        var now = DateTimeOffset.UtcNow;
        var old = Enter("s1", "cam", "shelf", 1, 0) with { EnteredAt = now.AddDays(-40), Timestamp = now.AddDays(-40) };
        var recent = Enter("s1", "cam", "shelf", 2, 0) with { EnteredAt = now.AddDays(-1), Timestamp = now.AddDays(-1) };
        var flagshipOld = Enter("flagship", "cam", "shelf", 3, 0) with { EnteredAt = now.AddDays(-40), Timestamp = now.AddDays(-40) };

        var refused = await client.PublishAsync(old);
        var stored = await client.PublishAsync(recent);
        var kept = await client.PublishAsync(flagshipOld);

        Assert.Contains("older than store s1's 30-day raw retention", refused.ReasonString);
        Assert.True(stored.IsSuccess);
        Assert.Null(stored.ReasonString);
        Assert.True(kept.IsSuccess, kept.ReasonString);
        Assert.Single((await aggregator.Http.GetFromJsonAsync<JsonElement>("/api/stores/s1/events")).EnumerateArray());
        Assert.Single((await aggregator.Http.GetFromJsonAsync<JsonElement>("/api/stores/flagship/events")).EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_store_is_a_404_problem()
    {
        using var response = await _aggregator.Http.GetAsync("/api/stores/nobody/kpis");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nobody", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Lists_the_stores_seen_and_serves_the_dashboard()
    {
        await _client.PublishAsync(Enter(Store, "cam", "shelf", 1, 0));

        var stores = await _aggregator.Http.GetFromJsonAsync<JsonElement>("/api/stores");
        Assert.Equal("""[{"storeId":"store-a","cameras":[{"cameraId":"cam","zones":["shelf"],"hasHeatmaps":false}]}]""", stores.GetRawText());

        using var page = await _aggregator.Http.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("RetailVision", await page.Content.ReadAsStringAsync());
        using var script = await _aggregator.Http.GetAsync("/app.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task Health_reports_the_broker_and_storage()
    {
        var health = await Health();

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("checks").GetProperty("broker").GetProperty("data").GetProperty("running").GetBoolean());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
    }

    private async Task<JsonElement> Health() => await _aggregator.Http.GetFromJsonAsync<JsonElement>("/health");

    private static byte[] Bytes(JsonObject json) => Encoding.UTF8.GetBytes(json.ToJsonString());

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _aggregator.DisposeAsync();
    }
}
