using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;
using RetailVision.FaultTests.Support;
using RetailVision.Tests.Shared;
using Xunit.Abstractions;

namespace RetailVision.FaultTests;

/// <summary>(e) A flood of malformed messages from one store while another store's edge keeps publishing valid events.</summary>
public sealed class MalformedInputTests(ITestOutputHelper output)
{
    private const int Messages = 10_000;
    private const int Huge = 3;
    private const int Foreign = 200;
    private const int InFlight = 32;

    [Fact]
    public async Task Ten_thousand_malformed_messages_are_dead_lettered_while_valid_events_keep_flowing()
    {
        // Each dead letter is one commit, and fsync on this machine's disk bounds those at ~45/s: on disk the flood
        // alone takes four minutes. Killing processes is not part of this test, so its files may live in memory.
        var folder = new TestFolder(inMemory: true);
        var edgeLogin = new StoreLogin("demo-store", "demo-password");
        var intruder = new StoreLogin("intruder", "intruder-password");
        var aggregator = new AggregatorProcess(folder.Path,
            [.. edgeLogin.AggregatorSettings(0), .. intruder.AggregatorSettings(1),
             // The foreign-topic publishes are counted here; cutting off a client that keeps trying is AttackTests' part.
             $"--Aggregator:Broker:Limits:RefusalsBeforeDisconnect={Foreign + 1}"], FreePort.Next());
        using var scenario = new DeliveryScenario(output, aggregator,
            new EdgeAgent(folder.Path, edgeLogin.StoreId, aggregator.BrokerPort, edgeLogin.StoreId, edgeLogin.Password, realtime: true), folder, brokerIsAggregator: true);
        await aggregator.StartAsync();
        scenario.Edge.Start();
        await Eventually.HoldsAsync(async () => await scenario.StoredCountAsync() >= 3, TimeSpan.FromSeconds(90), "the edge delivers events");

        using var client = new MqttClientFactory().CreateMqttClient();
        var connected = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", aggregator.BrokerPort)
            .WithClientId($"{intruder.StoreId}:intruder").WithCredentials(intruder.StoreId, intruder.Password).WithTimeout(TimeSpan.FromSeconds(60)).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        var seed = Environment.TickCount;
        var messages = new MalformedPayloads("retailvision", intruder.StoreId, edgeLogin.StoreId, seed).Generate(Messages, Huge, Foreign).ToList();
        var clock = Stopwatch.StartNew();
        var results = new List<(MalformedMessage Message, MqttClientPublishReasonCode Code)>();
        foreach (var batch in messages.Chunk(InFlight))
        {
            var codes = await Task.WhenAll(batch.Select(m => client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(m.Topic).WithPayload(m.Payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())));
            results.AddRange(batch.Zip(codes, (m, r) => (m, r.ReasonCode)));
        }
        var floodSeconds = clock.Elapsed.TotalSeconds;
        Assert.True(aggregator.IsRunning, "the aggregator died under the flood");
        var httpAnswers = await HostileRequestsAsync(aggregator, intruder.StoreId);
        var counters = await aggregator.CountersAsync();

        var report = await scenario.FinishAsync();
        var deadLetters = StoredData.DeadLetters(aggregator.DatabasePath);
        var refused = results.Count(r => r.Code == MqttClientPublishReasonCode.NotAuthorized);
        var accepted = results.Count(r => r.Code == MqttClientPublishReasonCode.Success);
        foreach (var kind in results.GroupBy(r => r.Message.Kind))
            output.WriteLine($"  {kind.Key}: {kind.Count()} sent, {string.Join(", ", kind.GroupBy(r => r.Code).Select(c => $"{c.Count()} {c.Key}"))}");
        foreach (var reason in deadLetters.GroupBy(d => d.Reason.Split(':')[0]).OrderByDescending(g => g.Count()))
            output.WriteLine($"  dead letters '{reason.Key}: …': {reason.Count()}");
        output.WriteLine($"  hostile HTTP requests: {string.Join(", ", httpAnswers.GroupBy(a => a).OrderBy(g => g.Key).Select(g => $"{g.Count()} {(int)g.Key}"))}");
        report.With("malformed-sent", Messages).With("acl-refused", refused).With("acknowledged", accepted)
            .With("dead-lettered-counter", counters.DeadLettered).With("dead-letters-in-db", deadLetters.Count)
            .With("flood-s", floodSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).With("seed", seed)
            .Publish(nameof(Ten_thousand_malformed_messages_are_dead_lettered_while_valid_events_keep_flowing), output);

        DeliveryScenario.AssertExactlyOnce(report, edgeKills: 1);
        Assert.Equal(Foreign, refused);
        Assert.All(results, r => Assert.Equal(r.Message.RefusedByAcl ? MqttClientPublishReasonCode.NotAuthorized : MqttClientPublishReasonCode.Success, r.Code));
        Assert.Equal(Messages - Foreign, counters.DeadLettered);
        Assert.Equal(Messages - Foreign, deadLetters.Count);
        Assert.All(deadLetters, d => Assert.False(string.IsNullOrWhiteSpace(d.Reason)));
        Assert.All(httpAnswers, code => Assert.True((int)code is >= 400 and < 500, $"a hostile request was answered {(int)code}"));
        scenario.Folder.Keep = false;
    }

    /// <summary>
    /// Requests a hostile caller sends after the flood, over the store it flooded: bad dates, limits and ids, encoded
    /// separators, and credentials that are not a token. Each must be refused with a 4xx, never a 5xx.
    /// </summary>
    private static async Task<List<System.Net.HttpStatusCode>> HostileRequestsAsync(AggregatorProcess aggregator, string store)
    {
        string[] paths =
        [
            $"/api/stores/{store}/heatmap.png", $"/api/stores/{store}/heatmap.png?camera=..%2F..", $"/api/stores/{store}/kpis?from=01/02/2026",
            $"/api/stores/{store}/kpis?from=2026-11-23T25:61:00Z", $"/api/stores/{store}/events?limit=99999999999999999999",
            $"/api/stores/{store}/events?from=-infinity", $"/api/stores/{new string('x', 5000)}/kpis", "/api/stores/%00/kpis",
            $"/api/stores/{store}/dead-letters?limit=0", "/api/dead-letters?limit=%FF",
        ];
        var answers = new List<System.Net.HttpStatusCode>();
        foreach (var path in paths)
        {
            using var response = await aggregator.Http.GetAsync(path);
            answers.Add(response.StatusCode);
        }
        using var anonymous = new HttpClient { BaseAddress = aggregator.Http.BaseAddress };
        foreach (var header in new[] { "Bearer ", "Bearer " + new string('a', 100_000), "Basic Zm9vOmJhcg==", "Bearer rv_\u0000" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/stores/{store}/kpis");
            request.Headers.TryAddWithoutValidation("Authorization", header);
            using var response = await anonymous.SendAsync(request);
            answers.Add(response.StatusCode);
        }
        return answers;
    }
}
