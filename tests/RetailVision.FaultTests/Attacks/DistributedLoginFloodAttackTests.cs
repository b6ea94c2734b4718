using System.Diagnostics;
using System.Net;
using RetailVision.Contracts;
using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests.Attacks;

/// <summary>
/// Logins as an attack from many addresses: 200 connections spread over 40 loopback addresses (127.0.0.2–127.0.0.41)
/// guess passwords for store B, store C and made-up user names as fast as they are answered, while B's box, connected
/// from 127.0.0.1, keeps publishing; meanwhile stores that never logged in before log in from addresses of their own
/// (127.0.1.x), and B's box logs in again from its usual address. With the credential cache on, and with it off, so that every
/// login of B pays the full check.
/// </summary>
public sealed class DistributedLoginFloodAttackTests(ITestOutputHelper output)
{
    // As in LoginFloodAttackTests: a check takes tens of milliseconds, so a queue of them shows in a login's time.
    private const int Iterations = 100_000;
    private const int Addresses = 40;
    private const int ConnectionsPerAddress = 5;
    private const double BoxRate = 20;
    private const int CachelessReconnects = 8;
    private static readonly TimeSpan Baseline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Flood = TimeSpan.FromSeconds(20);
    private static readonly StoreLogin StoreB = new("store-b", "password-b", Iterations);
    private static readonly StoreLogin StoreC = new("store-c", "password-c", Iterations);
    private static readonly StoreLogin StoreD = new("store-d", "password-d", Iterations);
    private static readonly StoreLogin StoreE = new("store-e", "password-e", Iterations);
    private static readonly StoreLogin StoreF = new("store-f", "password-f", Iterations);
    private static readonly StoreLogin StoreG = new("store-g", "password-g", Iterations);

    [Fact]
    public async Task A_flood_from_40_addresses_leaves_a_stores_box_and_first_logins_alone()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await StartAsync(folder);
        // One second into the flood, while the first guess of each of its addresses is still being checked, three stores
        // log in for the first time; halfway through, two more, and B's box again from where it always does.
        var run = await FloodAsync(aggregator, async (port, clock) =>
        {
            await UntilAsync(clock, TimeSpan.FromSeconds(1));
            var early = await FirstLoginsAsync(port, StoreC, StoreD, StoreE);
            await UntilAsync(clock, Flood / 2);
            var late = FirstLoginsAsync(port, StoreF, StoreG);
            var reconnect = LoginAsync(port, "reconnect-b", StoreB, IPAddress.Loopback, "edge-2");
            return [.. early, .. await late, await reconnect];
        });

        var healthy = (await aggregator.Http.GetAsync("/health")).IsSuccessStatusCode;
        run.Figures(nameof(DistributedLoginFloodAttackTests)).With("healthy", healthy).Publish(output);

        run.AssertBoxUntouched();
        Assert.All(run.Logins, l => Assert.True(l.Code == 0 && l.Time <= TimeSpan.FromSeconds(2), $"{l.Name}: {l.Code}, {l.Time.TotalMilliseconds:0} ms"));
        Assert.True(healthy);
        folder.Keep = false;
    }

    [Fact]
    public async Task Without_the_credential_cache_a_stores_box_still_logs_in_again_during_the_flood()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await StartAsync(folder, "--Aggregator:Broker:Limits:CredentialCacheSeconds=0");
        // B's box logs in again every 2 s from its usual address, each a full check; three stores log in for the first time halfway.
        var run = await FloodAsync(aggregator, async (port, clock) =>
        {
            var reconnects = Task.Run(async () =>
            {
                var logins = new List<LegitLogin>();
                for (var i = 0; i < CachelessReconnects; i++)
                {
                    await UntilAsync(clock, TimeSpan.FromSeconds(3 + 2 * i));
                    logins.Add(await LoginAsync(port, $"reconnect-b-{i}", StoreB, IPAddress.Loopback, $"edge-{i + 2}"));
                }
                return logins;
            });
            await UntilAsync(clock, Flood / 2);
            var first = await FirstLoginsAsync(port, StoreC, StoreD, StoreE);
            return [.. await reconnects, .. first];
        });

        var inTime = run.Logins.Count(l => l.Code == 0 && l.Time <= TimeSpan.FromSeconds(10));
        var healthy = (await aggregator.Http.GetAsync("/health")).IsSuccessStatusCode;
        run.Figures(nameof(DistributedLoginFloodAttackTests) + ".cacheless")
            .With("logins-in-10s", $"{inTime}/{run.Logins.Count}").With("healthy", healthy).Publish(output);

        run.AssertBoxUntouched();
        Assert.True(inTime >= 0.9 * run.Logins.Count, $"{inTime} of {run.Logins.Count} logins succeeded within 10 s");
        Assert.True(healthy);
        folder.Keep = false;
    }

    private static Task<AggregatorProcess> StartAsync(TestFolder folder, params string[] settings) =>
        AttackedAggregator.StartAsync(folder,
            [.. new[] { StoreB, StoreC, StoreD, StoreE, StoreF, StoreG }.SelectMany((store, i) => store.AggregatorSettings(i)), .. settings]);

    /// <summary>
    /// B's box publishes for the baseline, then the flood runs while <paramref name="legitimate"/> logs in (given the
    /// port and a clock started with the flood); returns what the box, the flood and the logins saw.
    /// </summary>
    private static async Task<FloodRun> FloodAsync(AggregatorProcess aggregator, Func<int, Stopwatch, Task<LegitLogin[]>> legitimate)
    {
        var port = aggregator.BrokerPort;
        await using var box = await SteadyPublisher.StartAsync(port, StoreB, MqttClientIds.Edge(StoreB.StoreId, "edge-1"), BoxRate);
        await Task.Delay(Baseline);
        var floodStart = box.Now;
        var codes = new List<string>();
        using var stop = new CancellationTokenSource(Flood);
        var clock = Stopwatch.StartNew();
        var flooding = Enumerable.Range(0, Addresses * ConnectionsPerAddress).Select(i => GuessAsync(port, i, codes, stop.Token)).ToList();
        var logins = await legitimate(port, clock);
        await Task.WhenAll(flooding);
        var floodEnd = box.Now;
        await box.StopAsync();
        return new FloodRun(codes, box.Between(TimeSpan.FromSeconds(1), floodStart), box.Between(floodStart, floodEnd),
            box.Sent.Count(p => !p.Acknowledged), box.Disconnects, logins);
    }

    private static async Task UntilAsync(Stopwatch clock, TimeSpan moment)
    {
        var wait = moment - clock.Elapsed;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }

    /// <summary>Stores never seen before log in at once, each from an address of its own (127.0.1.x, x its letter's place in the alphabet).</summary>
    private static Task<LegitLogin[]> FirstLoginsAsync(int port, params StoreLogin[] stores) =>
        Task.WhenAll(stores.Select(store => LoginAsync(port, "first-" + store.StoreId[^1], store,
            IPAddress.Parse($"127.0.1.{store.StoreId[^1] - 'a' + 1}"), "edge-1")));

    private static async Task<LegitLogin> LoginAsync(int port, string name, StoreLogin store, IPAddress from, string agent)
    {
        var clock = Stopwatch.StartNew();
        using var client = await RawMqttClient.OpenAsync(port, from);
        var answer = await client.ConnectAsync(MqttClientIds.Edge(store.StoreId, agent), store.StoreId, store.Password);
        return new LegitLogin(name, answer.Code, clock.Elapsed);
    }

    /// <summary>
    /// One attacking connection, from address <c>127.0.0.(2 + index % 40)</c>: a wrong password for B or C, or a made-up
    /// user name, then wait for the server to close, again, until stopped.
    /// </summary>
    private static async Task GuessAsync(int port, int index, List<string> codes, CancellationToken stop)
    {
        var from = IPAddress.Parse($"127.0.0.{2 + index % Addresses}");
        var user = (index / Addresses % 4) switch
        {
            0 or 1 => StoreB.StoreId,
            2 => StoreC.StoreId,
            _ => $"store-guess-{index}",
        };
        while (!stop.IsCancellationRequested)
        {
            string code;
            try
            {
                using var client = await RawMqttClient.OpenAsync(port, from);
                var answer = await client.ConnectAsync(MqttClientIds.Edge(user, $"guess-{index}"), user, $"guess-{Guid.NewGuid():N}");
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

    /// <summary>A login of a store's own box or of a store logging in for the first time: its CONNACK code (null: none came) and how long it took.</summary>
    private sealed record LegitLogin(string Name, byte? Code, TimeSpan Time);

    private sealed record FloodRun(List<string> Codes, PublishWindow Before, PublishWindow During, int Unacknowledged, int BoxDisconnects,
        IReadOnlyList<LegitLogin> Logins)
    {
        public AttackFigures Figures(string test)
        {
            var figures = new AttackFigures(test)
                .With("flood-attempts", Codes.Count).With("flood-per-s", Codes.Count / Flood.TotalSeconds)
                .With("flood-answers", string.Join("/", Codes.GroupBy(c => c).OrderByDescending(g => g.Count()).Select(g => $"{g.Key}:{g.Count()}")))
                .With("baseline-per-s", Before.AckedPerSecond).With("during-per-s", During.AckedPerSecond)
                .With("rate-ratio", During.AckedPerSecond / Before.AckedPerSecond)
                .With("baseline-p99-ms", Before.P99Ms).With("during-p99-ms", During.P99Ms).With("during-max-ms", During.MaxMs)
                .With("unacknowledged", Unacknowledged).With("box-disconnects", BoxDisconnects);
            foreach (var login in Logins) figures.With(login.Name, $"{(login.Code is { } c ? $"0x{c:X2}" : "none")}:{login.Time.TotalMilliseconds:0}ms");
            return figures;
        }

        public void AssertBoxUntouched()
        {
            Assert.True(Codes.All(c => c != "0x00"), "a guessed password was accepted");
            Assert.True(During.AckedPerSecond >= 0.8 * Before.AckedPerSecond,
                $"store B's box fell to {During.AckedPerSecond:0.0}/s from {Before.AckedPerSecond:0.0}/s");
            Assert.Equal(0, BoxDisconnects);
            Assert.Equal(0, Unacknowledged);
        }
    }
}
