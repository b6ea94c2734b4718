using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MQTTnet;
using RetailVision.Contracts;
using RetailVision.FaultTests.Support;
using RetailVision.Tests.Shared;
using Xunit.Abstractions;

namespace RetailVision.FaultTests.Attacks;

/// <summary>
/// Slow readers as an attack: store A's manager asks ten times at once for all of A's 10,000 events and reads each
/// answer at 400 B/s through a 1 KiB receive buffer, so every answer's write waits on the client. Meanwhile store B's
/// manager queries B's events five times a second: it must be answered within a second (p99) throughout. How long a
/// slow reader is served before its connection is cut, and whether A's next reader is served after it, is measured.
/// </summary>
public sealed class SlowReaderAttackTests(ITestOutputHelper output)
{
    private const int SlowReaders = 10;
    private const int SeededEvents = 10_000;
    private const int ReadBytesPerSecond = 400;
    private const string ManagerA = "rv_test-manager-a-000000000000000000000000000";
    private const string ManagerB = "rv_test-manager-b-000000000000000000000000000";
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Baseline = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Attack = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(200);
    private static readonly StoreLogin StoreA = new("store-a", "password-a");
    private static readonly StoreLogin StoreB = new("store-b", "password-b");

    [Fact]
    public async Task Ten_slow_readers_of_one_manager_leave_another_stores_manager_answered_within_a_second()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await AttackedAggregator.StartAsync(folder,
        [
            .. StoreA.AggregatorSettings(0), .. StoreB.AggregatorSettings(1),
            .. ApiTokens.Settings(1, "manager-a", "Manager", ManagerA, StoreA.StoreId),
            .. ApiTokens.Settings(2, "manager-b", "Manager", ManagerB, StoreB.StoreId),
            $"--Aggregator:Api:ResponseTimeoutSeconds={ResponseTimeout.TotalSeconds}",
        ]);
        await SeedAsync(aggregator.BrokerPort, StoreA, SeededEvents);
        await SeedAsync(aggregator.BrokerPort, StoreB, 100);
        var http = aggregator.Http.BaseAddress!;
        using var managerB = ApiTokens.Client(http, ManagerB, TimeSpan.FromSeconds(10));

        var before = await ProbeAsync(managerB, Baseline);
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, SlowReaders).Select(_ => SlowReadAsync(http.Port, stop.Token)).ToList();
        // Let the readers take what permits they can before B's manager asks.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var during = await ProbeAsync(managerB, Attack);
        await stop.CancelAsync();
        var reads = await Task.WhenAll(readers);
        var healthy = (await aggregator.Http.GetAsync("/health")).IsSuccessStatusCode;

        var served = reads.Where(r => r.Served is not null).ToList();
        var cut = served.Where(r => r.Cut is not null).ToList();
        var held = cut.Select(r => (r.Cut!.Value - r.Served!.Value).TotalSeconds).ToList();
        new AttackFigures(nameof(SlowReaderAttackTests))
            .With("slow-readers", SlowReaders).With("served", served.Count).With("cut", cut.Count)
            .With("status", string.Join("/", served.Select(r => r.Status.Replace(' ', '_')).Distinct()))
            .With("held-s", held.Count == 0 ? "none" : string.Join("/", held.Select(h => h.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture))))
            .With("bytes-read-max", reads.Max(r => r.Bytes))
            .With("b-before-p99-ms", before.P99Ms).With("b-during-p99-ms", during.P99Ms).With("b-during-max-ms", during.MaxMs)
            .With("b-during-requests", during.Count).With("b-during-not-200", during.NotOk)
            .With("healthy", healthy)
            .Publish(output);

        Assert.Equal(0, during.NotOk);
        Assert.InRange(during.P99Ms, 0, 1_000);
        // Served one after another: the first was cut, and A's permit went to its next reader.
        Assert.True(cut.Count >= 2, $"{cut.Count} slow readers were cut, {served.Count} served");
        // The deadline runs from admission, a little before the first byte reaches the reader; the cut reaches it a little after.
        Assert.All(held, h => Assert.InRange(h, ResponseTimeout.TotalSeconds - 1, ResponseTimeout.TotalSeconds + 3));
        Assert.True(healthy);
        folder.Keep = false;
    }

    /// <summary>Publishes <paramref name="count"/> events for a store, a hundred in flight at a time.</summary>
    private static async Task SeedAsync(int port, StoreLogin store, int count)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithClientId(MqttClientIds.Edge(store.StoreId, "seeder")).WithCredentials(store.StoreId, store.Password).Build());
        for (var sent = 0; sent < count; sent += 100)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, Math.Min(100, count - sent))
                .Select(_ => client.PublishAsync(StoreEvents.Message(store.StoreId, StoreEvents.Event(store.StoreId)))));
            Assert.All(results, r => Assert.True(r.IsSuccess));
        }
        await client.DisconnectAsync();
    }

    /// <summary>
    /// One slow reader: asks for all of store A's events with a 1 KiB receive buffer and reads 40 bytes every 100 ms
    /// until the server closes the connection or the attack ends. Times are from the request.
    /// </summary>
    private static async Task<SlowRead> SlowReadAsync(int port, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 1024 };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var clock = Stopwatch.StartNew();
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"GET /api/stores/{StoreA.StoreId}/events?limit={SeededEvents} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {ManagerA}\r\n\r\n"));
        var buffer = new byte[ReadBytesPerSecond / 10];
        TimeSpan? served = null;
        var status = "";
        long bytes = 0;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, stop);
                if (read == 0) return new SlowRead(served, clock.Elapsed, bytes, status);
                if (served is null)
                {
                    served = clock.Elapsed;
                    status = Encoding.ASCII.GetString(buffer, 0, read).Split('\r')[0];
                }
                bytes += read;
                await Task.Delay(TimeSpan.FromMilliseconds(100), stop);
            }
        }
        catch (OperationCanceledException)
        {
            return new SlowRead(served, null, bytes, status);
        }
        catch (SocketException)
        {
            // Reset by the server: cut as well.
            return new SlowRead(served, clock.Elapsed, bytes, status);
        }
    }

    /// <summary>Store B's manager asking for B's latest events at a steady pace for <paramref name="duration"/>.</summary>
    private static async Task<ProbeFigures> ProbeAsync(HttpClient manager, TimeSpan duration)
    {
        var latencies = new List<double>();
        var notOk = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var started = clock.Elapsed;
            try
            {
                using var response = await manager.GetAsync($"/api/stores/{StoreB.StoreId}/events?limit=100");
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK) notOk++;
            }
            catch (TaskCanceledException)
            {
                notOk++;
            }
            latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            var wait = started + ProbeInterval - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        latencies.Sort();
        return new ProbeFigures(latencies.Count, notOk, latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(0.99 * latencies.Count) - 1)], latencies[^1]);
    }

    /// <summary>When the answer began to arrive and when the server cut it off (null: neither happened before the attack ended).</summary>
    private sealed record SlowRead(TimeSpan? Served, TimeSpan? Cut, long Bytes, string Status);

    private sealed record ProbeFigures(int Count, int NotOk, double P99Ms, double MaxMs);
}
