using System.Diagnostics;
using System.Net;
using MQTTnet;
using RetailVision.Contracts;
using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests.Attacks;

/// <summary>
/// Logins as an attack: 200 connections from 127.0.0.2 guess store B's password as fast as they are refused, while B's
/// box, connected from 127.0.0.1, keeps publishing and B and another store log in afresh; and whether the answer or its
/// time tells an unknown user name from a known one.
/// </summary>
public sealed class LoginFloodAttackTests(ITestOutputHelper output)
{
    // PBKDF2 as costly as a real deployment's would make the flood test slow on two cores; this is enough for a check
    // to take tens of milliseconds, so that skipping it (for an unknown user, say) would show in the timings.
    private const int Iterations = 100_000;
    private const int FloodConnections = 200;
    private const double BoxRate = 20;
    private static readonly TimeSpan Baseline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Flood = TimeSpan.FromSeconds(20);
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");
    private static readonly StoreLogin StoreB = new("store-b", "password-b", Iterations);
    private static readonly StoreLogin StoreC = new("store-c", "password-c", Iterations);

    [Fact]
    public async Task A_login_flood_from_one_address_leaves_a_stores_publishing_and_logins_alone()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await StartAsync(folder);
        var port = aggregator.BrokerPort;
        await using var box = await SteadyPublisher.StartAsync(port, StoreB, MqttClientIds.Edge(StoreB.StoreId, "edge-1"), BoxRate);
        await Task.Delay(Baseline);
        var floodStart = box.Now;

        var codes = new List<string>();
        using var stop = new CancellationTokenSource(Flood);
        var flooding = Enumerable.Range(0, FloodConnections).Select(i => GuessAsync(port, i, codes, stop.Token)).ToList();
        // Halfway through: B (whose user name the flood has put under backoff) and C (never seen) log in anew, both a full check.
        await Task.Delay(Flood / 2);
        var freshB = await TimeLoginAsync(port, StoreB);
        var freshC = await TimeLoginAsync(port, StoreC);
        await Task.WhenAll(flooding);
        var floodEnd = box.Now;
        await box.StopAsync();

        var before = box.Between(TimeSpan.FromSeconds(1), floodStart);
        var during = box.Between(floodStart, floodEnd);
        var healthy = (await aggregator.Http.GetAsync("/health")).IsSuccessStatusCode;
        new AttackFigures(nameof(LoginFloodAttackTests))
            .With("flood-attempts", codes.Count).With("flood-per-s", codes.Count / Flood.TotalSeconds)
            .With("flood-answers", string.Join("/", codes.GroupBy(c => c).Select(g => $"{g.Key}:{g.Count()}")))
            .With("baseline-per-s", before.AckedPerSecond).With("during-per-s", during.AckedPerSecond)
            .With("rate-ratio", during.AckedPerSecond / before.AckedPerSecond)
            .With("baseline-p99-ms", before.P99Ms).With("during-p99-ms", during.P99Ms).With("during-max-ms", during.MaxMs)
            .With("unacknowledged", box.Sent.Count(p => !p.Acknowledged)).With("box-disconnects", box.Disconnects)
            .With("fresh-login-b", $"{freshB.Code}:{freshB.Time.TotalMilliseconds:0}ms")
            .With("fresh-login-c-uncached", $"{freshC.Code}:{freshC.Time.TotalMilliseconds:0}ms")
            .With("healthy", healthy)
            .Publish(output);

        Assert.True(codes.All(c => c != "0x00"), "a wrong password was accepted");
        Assert.True(during.AckedPerSecond >= 0.8 * before.AckedPerSecond,
            $"store B's box fell to {during.AckedPerSecond:0.0}/s from {before.AckedPerSecond:0.0}/s");
        Assert.InRange(during.P99Ms, 0, 250);
        Assert.Equal(0, box.Disconnects);
        Assert.All(box.Sent, p => Assert.True(p.Acknowledged));
        Assert.Equal(MqttClientConnectResultCode.Success, freshB.Code);
        Assert.InRange(freshB.Time, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.Equal(MqttClientConnectResultCode.Success, freshC.Code);
        Assert.InRange(freshC.Time, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.True(healthy);
        folder.Keep = false;
    }

    [Fact]
    public async Task An_unknown_user_and_a_wrong_password_get_the_same_answer_in_the_same_time()
    {
        const int Tries = 12;
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await StartAsync(folder);
        var unknown = new List<(ServerAnswer Answer, TimeSpan Time)>();
        var wrong = new List<(ServerAnswer Answer, TimeSpan Time)>();
        for (var i = 0; i < Tries; i++)
        {
            // A fresh source address for each try, so the per-address backoff does not slow the later ones; below the
            // per-user threshold for the known store.
            unknown.Add(await TimeRawLoginAsync(aggregator.BrokerPort, IPAddress.Parse($"127.0.1.{2 * i + 1}"), $"store-unknown-{i}"));
            wrong.Add(await TimeRawLoginAsync(aggregator.BrokerPort, IPAddress.Parse($"127.0.1.{2 * i + 2}"), StoreB.StoreId));
        }
        var unknownMedian = Median(unknown.Select(u => u.Time));
        var wrongMedian = Median(wrong.Select(w => w.Time));
        var ratio = Math.Max(unknownMedian, wrongMedian) / Math.Max(Math.Min(unknownMedian, wrongMedian), 0.001);
        new AttackFigures(nameof(LoginFloodAttackTests) + ".enumeration")
            .With("unknown-user", unknown[0].Answer.ToString().Replace(' ', '_')).With("wrong-password", wrong[0].Answer.ToString().Replace(' ', '_'))
            .With("unknown-median-ms", unknownMedian).With("wrong-median-ms", wrongMedian).With("ratio", ratio)
            .Publish(output);

        Assert.Single(unknown.Concat(wrong).Select(a => a.Answer).Distinct());
        Assert.Equal((byte)0x86, unknown[0].Answer.Code); // Bad User Name or Password
        // Both pay one PBKDF2 check of tens of milliseconds; an unknown user answered without one would be many times faster.
        Assert.InRange(ratio, 1, 3);
        folder.Keep = false;
    }

    // No credential cache: every login of B pays the full check, so B's fresh login during the flood shows that the
    // backoff on B's user name (far past its threshold by then) does not hold against B's own, never-failing address.
    private static Task<AggregatorProcess> StartAsync(TestFolder folder) =>
        AttackedAggregator.StartAsync(folder,
            [.. StoreB.AggregatorSettings(0), .. StoreC.AggregatorSettings(1), "--Aggregator:Broker:Limits:CredentialCacheSeconds=0"]);

    /// <summary>
    /// One attacking connection: log in as store B with a wrong password, wait for the server to close, again, until
    /// stopped. The server closes first, so the attacker's side keeps no TIME_WAIT port per try.
    /// </summary>
    private static async Task GuessAsync(int port, int index, List<string> codes, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            string code;
            try
            {
                using var client = await RawMqttClient.OpenAsync(port, Attacker);
                var answer = await client.ConnectAsync(MqttClientIds.Edge(StoreB.StoreId, $"guess-{index}"), StoreB.StoreId, $"guess-{Guid.NewGuid():N}");
                code = answer.Code is { } c ? $"0x{c:X2}" : "closed";
                await client.WaitForCloseAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                code = ex.GetType().Name;
            }
            lock (codes) codes.Add(code);
        }
    }

    private static async Task<(MqttClientConnectResultCode Code, TimeSpan Time)> TimeLoginAsync(int port, StoreLogin login)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var clock = Stopwatch.StartNew();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithClientId(MqttClientIds.Edge(login.StoreId, "fresh")).WithCredentials(login.StoreId, login.Password)
            .WithTimeout(TimeSpan.FromSeconds(10)).Build());
        var time = clock.Elapsed;
        if (result.ResultCode == MqttClientConnectResultCode.Success) await client.DisconnectAsync();
        return (result.ResultCode, time);
    }

    private static async Task<(ServerAnswer, TimeSpan)> TimeRawLoginAsync(int port, IPAddress from, string user)
    {
        using var client = await RawMqttClient.OpenAsync(port, from);
        var clock = Stopwatch.StartNew();
        var answer = await client.ConnectAsync(MqttClientIds.Edge(user, "probe"), user, "not-the-password");
        return (answer, clock.Elapsed);
    }

    private static double Median(IEnumerable<TimeSpan> times)
    {
        var sorted = times.Select(t => t.TotalMilliseconds).Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
