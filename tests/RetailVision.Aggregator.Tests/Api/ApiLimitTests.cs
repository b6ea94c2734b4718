using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RetailVision.Aggregator.Tests.Support;
using RetailVision.Tests.Shared;

namespace RetailVision.Aggregator.Tests.Api;

/// <summary>Each caller's bucket: what is over it is a quick 429 with Retry-After, and nobody else pays for it.</summary>
public sealed class ApiLimitTests : IAsyncLifetime
{
    private const string Script = "rv_test-script-000000000000000000000000000000";
    private RunningAggregator _aggregator = null!;

    public async Task InitializeAsync() =>
        _aggregator = await RunningAggregator.StartAsync([
            "--Aggregator:Broker:AllowAnonymous=true",
            "--Aggregator:Api:BurstRequests=5",
            "--Aggregator:Api:RequestsPerMinute=60",
            .. ApiTokens.Settings(1, "script", "Analyst", Script),
        ]);

    [Fact]
    public async Task A_caller_over_its_burst_gets_429_and_others_and_health_are_still_served()
    {
        using var script = ApiTokens.Client(_aggregator.Http.BaseAddress!, Script);
        var codes = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 12; i++)
        {
            var response = await script.GetAsync("/api/stores");
            codes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused ??= response;
            else response.Dispose();
        }

        Assert.InRange(codes.Count(c => c == HttpStatusCode.OK), 5, 6);
        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Contains("60 requests per minute", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        refused.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await _aggregator.Http.GetAsync("/api/stores")).StatusCode);
        using var anonymous = new HttpClient { BaseAddress = _aggregator.Http.BaseAddress };
        for (var i = 0; i < 12; i++) Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    public async Task DisposeAsync() => await _aggregator.DisposeAsync();
}
