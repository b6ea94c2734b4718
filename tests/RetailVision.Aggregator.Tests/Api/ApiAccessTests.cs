using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using RetailVision.Aggregator.Tests.Support;
using RetailVision.Aggregator;
using RetailVision.Tests.Shared;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Api;

/// <summary>
/// Every route of the HTTP API, read from the application's own route table so that a new one cannot be forgotten:
/// 401 without a token, 403 with a token of another store, through with one of the store's own.
/// </summary>
public sealed class ApiAccessTests : IAsyncLifetime
{
    private const string ManagerA = "rv_test-manager-a-000000000000000000000000000";
    private const string ManagerB = "rv_test-manager-b-000000000000000000000000000";
    private const string Analyst = "rv_test-analyst-00000000000000000000000000000";
    private RunningAggregator _aggregator = null!;

    public async Task InitializeAsync()
    {
        _aggregator = await RunningAggregator.StartAsync([
            "--Aggregator:Broker:AllowAnonymous=true",
            .. ApiTokens.Settings(1, "manager-a", "Manager", ManagerA, "store-a"),
            .. ApiTokens.Settings(2, "manager-b", "Manager", ManagerB, "store-b", "store-c"),
            .. ApiTokens.Settings(3, "analyst", "Analyst", Analyst),
        ]);
        var (client, _) = await _aggregator.ConnectAsync("anonymous-test");
        using (client)
        {
            foreach (var store in new[] { "store-a", "store-b" })
            {
                await client.PublishAsync(Enter(store, "cam", "shelf", 1, 0));
                await client.PublishAsync(Heatmap(store, "cam", 0, 2, 2, [1, 2, 3, 4]));
                await client.PublishRawAsync($"retailvision/{store}/cam/events", "not json"u8.ToArray());
            }
        }
    }

    public static TheoryData<string> Routes() => [.. ApiRoutes().Select(r => r.Pattern)];

    public static TheoryData<string> StoreRoutes() => [.. ApiRoutes().Select(r => r.Pattern).Where(p => p.Contains("{storeId}"))];

    [Fact]
    public void The_route_table_holds_every_route_this_test_knows_and_only_gets()
    {
        var patterns = ApiRoutes().Select(r => r.Pattern).ToHashSet();
        Assert.Equal(patterns, ApiRoutes(_aggregator.App.Services.GetRequiredService<EndpointDataSource>().Endpoints).Select(r => r.Pattern).ToHashSet());
        // The tests below send GETs; a route of another method needs them extended.
        Assert.All(ApiRoutes(), r => Assert.Equal("GET", r.Method));
        string[] known =
        [
            "/api/stores", "/api/stores/{storeId}/kpis", "/api/stores/{storeId}/events", "/api/stores/{storeId}/heatmap.png",
            "/api/stores/{storeId}/dead-letters", "/api/dead-letters",
        ];
        Assert.Subset(patterns, known.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_needs_a_token(string pattern)
    {
        using var anonymous = new HttpClient { BaseAddress = _aggregator.Http.BaseAddress };
        using var wrong = ApiTokens.Client(_aggregator.Http.BaseAddress!, "rv_not-a-token-of-this-aggregator");

        foreach (var (client, reason) in new[] { (anonymous, "needs an API token"), (wrong, "not known") })
        {
            using var response = await client.GetAsync(Url(pattern, "store-b"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(reason, problem.GetProperty("detail").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Another_stores_manager_is_refused_and_learns_nothing_of_it(string pattern)
    {
        using var managerA = ApiTokens.Client(_aggregator.Http.BaseAddress!, ManagerA);

        using var response = await managerA.GetAsync(Url(pattern, "store-b"));

        if (pattern.Contains("{storeId}") || pattern == "/api/dead-letters")
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("'store-a' only", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("store-b", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [MemberData(nameof(StoreRoutes))]
    public async Task A_store_route_is_open_to_the_stores_managers_and_to_analysts(string pattern)
    {
        foreach (var token in new[] { ManagerB, Analyst, ApiTokens.Admin })
        {
            using var client = ApiTokens.Client(_aggregator.Http.BaseAddress!, token);
            using var response = await client.GetAsync(Url(pattern, "store-b"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_manager_lists_only_its_stores_and_their_dead_letters()
    {
        using var managerB = ApiTokens.Client(_aggregator.Http.BaseAddress!, ManagerB);

        var stores = await managerB.GetFromJsonAsync<JsonElement>("/api/stores");
        var deadLetters = await managerB.GetFromJsonAsync<JsonElement>("/api/stores/store-b/dead-letters");
        var all = await _aggregator.Http.GetFromJsonAsync<JsonElement>("/api/dead-letters");

        Assert.Equal(["store-b"], stores.EnumerateArray().Select(s => s.GetProperty("storeId").GetString()));
        Assert.Equal(["store-b"], deadLetters.EnumerateArray().Select(d => d.GetProperty("storeId").GetString()));
        Assert.Equal(["store-a", "store-b"], all.EnumerateArray().Select(d => d.GetProperty("storeId").GetString()).Order());
    }

    [Fact]
    public async Task Health_tells_anonymous_callers_only_the_status()
    {
        using var anonymous = new HttpClient { BaseAddress = _aggregator.Http.BaseAddress };
        using var analyst = ApiTokens.Client(_aggregator.Http.BaseAddress!, Analyst);

        var open = await anonymous.GetStringAsync("/health");
        var asAnalyst = await analyst.GetStringAsync("/health");
        var asAdmin = await _aggregator.Http.GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal("""{"status":"Healthy"}""", open);
        Assert.Equal(open, asAnalyst);
        Assert.Contains(".db", asAdmin.GetProperty("checks").GetProperty("storage").GetProperty("data").GetProperty("location").GetString());
        Assert.Equal(4, asAdmin.GetProperty("counters").GetProperty("stored").GetInt64());
    }

    [Fact]
    public async Task A_malformed_authorization_header_is_a_401_naming_what_is_wrong()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stores");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
        using var anonymous = new HttpClient { BaseAddress = _aggregator.Http.BaseAddress };

        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("must be 'Bearer <token>'", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    // Theory data is needed before any test runs, so the routes are read from an application that is built, not started.
    private static readonly Lazy<IReadOnlyList<(string Pattern, string Method)>> RouteTable = new(() =>
    {
        using var directory = new TempDirectory();
        var app = AggregatorApp.Build([$"--Aggregator:DatabasePath={directory.File("routes.db")}", "--Aggregator:Broker:AllowAnonymous=true"]);
        var routes = ApiRoutes(((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints)).ToList();
        ((IDisposable)app).Dispose();
        return routes;
    });

    private static IReadOnlyList<(string Pattern, string Method)> ApiRoutes() => RouteTable.Value;

    private static IEnumerable<(string Pattern, string Method)> ApiRoutes(IEnumerable<Endpoint> endpoints) =>
        endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api", StringComparison.Ordinal))
            .Select(e => (e.RoutePattern.RawText!, e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Single() ?? "GET"));

    private static string Url(string pattern, string storeId) => pattern.Replace("{storeId}", storeId);

    public async Task DisposeAsync() => await _aggregator.DisposeAsync();
}
