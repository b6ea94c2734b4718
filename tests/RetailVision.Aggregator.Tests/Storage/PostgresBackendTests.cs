using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MQTTnet;
using RetailVision.Aggregator.Tests.Support;
using RetailVision.Tests.Shared;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Storage;

/// <summary>The aggregator configured for PostgreSQL: ingest through the broker into it, and a database that is not there yet.</summary>
public sealed class PostgresBackendTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [SkippableFact]
    public async Task Published_events_are_stored_in_postgres_and_served_as_kpis()
    {
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);
        await using var aggregator = await RunningAggregator.StartAsync([
            "--Aggregator:Broker:AllowAnonymous=true", "--Aggregator:Storage:Backend=Postgres",
            $"--Aggregator:Storage:ConnectionString={cluster.CreateDatabase()}",
        ]);
        await Eventually(async () => (await aggregator.Http.GetAsync("/health")).IsSuccessStatusCode);
        var (client, _) = await aggregator.ConnectAsync("pg-test");
        using var _client = client;

        foreach (var e in new[] { Enter("s1", "cam", "shelf", 1, 0), Exit("s1", "cam", "shelf", 1, 0, 8), Enter("s1", "cam", "shelf", 2, 10) })
            Assert.True((await client.PublishAsync(e)).IsSuccess);

        var kpis = await aggregator.Http.GetFromJsonAsync<JsonElement>("/api/stores/s1/kpis");
        var zone = kpis.GetProperty("zones").EnumerateArray().Single();
        Assert.Equal((2, 1, 8.0), (zone.GetProperty("visits").GetInt32(), zone.GetProperty("completedVisits").GetInt32(), zone.GetProperty("meanDwellSeconds").GetDouble()));
        var health = await aggregator.Http.GetFromJsonAsync<JsonElement>("/health");
        Assert.StartsWith("postgresql://127.0.0.1:", health.GetProperty("checks").GetProperty("storage").GetProperty("data").GetProperty("location").GetString());
    }

    [Fact]
    public async Task An_unreachable_database_keeps_the_aggregator_up_unhealthy_and_acknowledging_nothing()
    {
        await using var aggregator = await RunningAggregator.StartAsync([
            "--Aggregator:Broker:AllowAnonymous=true", "--Aggregator:Storage:Backend=Postgres",
            $"--Aggregator:Storage:ConnectionString=Host=127.0.0.1;Port={FreePort.Next()};Username=nobody;Database=none;Timeout=2",
        ]);
        var (client, _) = await aggregator.ConnectAsync("pg-down");
        using var _client = client;

        var publish = await client.PublishAsync(Enter("s1", "cam", "shelf", 1, 0));
        using var health = await aggregator.Http.GetAsync("/health");

        Assert.Equal(MqttClientPublishReasonCode.ImplementationSpecificError, publish.ReasonCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++) await Task.Delay(100);
    }
}
