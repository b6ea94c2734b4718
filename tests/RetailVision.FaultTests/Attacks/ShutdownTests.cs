using System.Diagnostics;
using System.Net;
using RetailVision.Contracts;
using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests.Attacks;

/// <summary>
/// SIGTERM, as systemd or a container runtime sends it, while 1,000 logged-in clients (a tenth on MQTT 3.1.1) sit
/// connected and a store's box publishes: the process must exit within a stop timeout's worth of seconds, each MQTT 5
/// client must be told why (DISCONNECT 0x8B), and every event the broker acknowledged must be in the database. The
/// host's shutdown timeout is set to its old 30 s, so a quick exit shows the connections closing by themselves rather
/// than being cut off when the timeout runs out; the HTTP keep-alive timeout is set shorter than the clients sit idle,
/// so a client still connected at the signal shows that it does not reach the broker's connections.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    private const int Clients = 1_000;
    private const int Mqtt311Clients = 100;
    private const int ConnectingAtOnce = 32;
    private const double BoxRate = 50;
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(3);
    private static readonly StoreLogin Store = new("store-a", "password-a");

    [Fact]
    public async Task Sigterm_with_a_thousand_clients_connected_exits_within_five_seconds_and_keeps_every_acknowledged_event()
    {
        // On disk, not in memory: what the process wrote before it exited is what is judged.
        using var folder = new TestFolder();
        using var aggregator = await AttackedAggregator.StartAsync(folder,
            [.. Store.AggregatorSettings(0), "--Aggregator:ShutdownTimeoutSeconds=30", "--Aggregator:Api:KeepAliveTimeoutSeconds=1"]);
        await using var box = await SteadyPublisher.StartAsync(aggregator.BrokerPort, Store, MqttClientIds.Edge(Store.StoreId, "box"), BoxRate);
        var connectClock = Stopwatch.StartNew();
        var clients = await ConnectAllAsync(aggregator.BrokerPort);
        var connectTime = connectClock.Elapsed;
        var signalClock = new Stopwatch();
        var closings = clients.Select(c => WatchAsync(c, signalClock)).ToList();
        await Task.Delay(Idle);
        var closedBeforeSignal = closings.Count(c => c.IsCompleted);

        signalClock.Start();
        var exit = await aggregator.TerminateAsync(TimeSpan.FromSeconds(60));
        var closed = await Task.WhenAll(closings);
        await box.StopAsync();
        foreach (var client in clients) client.Client.Dispose();

        var acknowledged = box.Sent.Where(p => p.Acknowledged).Select(p => p.EventId).ToList();
        var stored = StoredData.EventIds(aggregator.DatabasePath, Store.StoreId).ToHashSet();
        var lost = acknowledged.Count(id => !stored.Contains(id));
        var mqtt5 = closed.Where(c => c.Protocol == RawMqttClient.Mqtt5).ToList();
        var mqtt311 = closed.Where(c => c.Protocol == RawMqttClient.Mqtt311).ToList();
        var toldShuttingDown = mqtt5.Count(c => c.Closing.Disconnect?.Code == 0x8B);
        new AttackFigures(nameof(ShutdownTests))
            .With("clients", clients.Count).With("connect-s", connectTime.TotalSeconds).With("closed-before-signal", closedBeforeSignal)
            .With("exit", exit is { } e ? $"{e.TotalMilliseconds:0}ms" : "none").With("exit-code", aggregator.IsRunning ? "running" : aggregator.ExitCode)
            .With("mqtt5-disconnect-0x8B", $"{toldShuttingDown}/{mqtt5.Count}")
            .With("reason", mqtt5.Select(c => c.Closing.Disconnect?.Reason).FirstOrDefault(r => r is not null)?.Replace(' ', '_') ?? "none")
            .With("mqtt311-closed", $"{mqtt311.Count(c => c.Closing.Closed)}/{mqtt311.Count}")
            .With("last-closed-after-signal", closed.Max(c => c.At))
            .With("box-sent", box.Sent.Count).With("box-acknowledged", acknowledged.Count).With("stored", stored.Count).With("acknowledged-lost", lost)
            .Publish(output);

        Assert.Equal(0, closedBeforeSignal);
        Assert.NotNull(exit);
        Assert.InRange(exit.Value, TimeSpan.Zero, ExitLimit);
        Assert.Equal(0, aggregator.ExitCode);
        Assert.All(closed, c => Assert.True(c.Closing.Closed));
        Assert.Equal(mqtt5.Count, toldShuttingDown);
        Assert.All(mqtt311, c => Assert.Null(c.Closing.Disconnect));
        Assert.NotEmpty(acknowledged);
        Assert.Equal(0, lost);
        folder.Keep = false;
    }

    private static async Task<List<ConnectedClient>> ConnectAllAsync(int port)
    {
        using var gate = new SemaphoreSlim(ConnectingAtOnce);
        var connecting = Enumerable.Range(0, Clients).Select(async index =>
        {
            await gate.WaitAsync();
            try
            {
                return await ConnectAsync(port, index);
            }
            finally
            {
                gate.Release();
            }
        });
        return [.. await Task.WhenAll(connecting)];
    }

    /// <summary>One logged-in client; spread over loopback addresses so the per-address limit on login checks does not refuse them.</summary>
    private static async Task<ConnectedClient> ConnectAsync(int port, int index)
    {
        var protocol = index < Mqtt311Clients ? RawMqttClient.Mqtt311 : RawMqttClient.Mqtt5;
        var from = IPAddress.Parse($"127.0.3.{1 + index % 200}");
        for (var attempt = 1; ; attempt++)
        {
            var client = await RawMqttClient.OpenAsync(port, from);
            var answer = await client.ConnectAsync(MqttClientIds.Edge(Store.StoreId, $"client-{index}"), Store.StoreId, Store.Password, protocol);
            if (answer.Code == 0) return new ConnectedClient(client, protocol);
            client.Dispose();
            // A login refused as "server busy" while hundreds arrive at once is tried again, as a box would.
            if (attempt == 5) throw new InvalidOperationException($"client {index} was refused {attempt} times, last with {answer}");
            await Task.Delay(200 * attempt);
        }
    }

    private static async Task<ClientClosing> WatchAsync(ConnectedClient client, Stopwatch signalClock)
    {
        var closing = await client.Client.WaitForCloseAsync(TimeSpan.FromSeconds(60));
        return new ClientClosing(client.Protocol, closing, signalClock.Elapsed);
    }

    private sealed record ConnectedClient(RawMqttClient Client, byte Protocol);

    /// <summary>How a client's connection ended, and when on the clock started at SIGTERM.</summary>
    private sealed record ClientClosing(byte Protocol, Closing Closing, TimeSpan At);
}
