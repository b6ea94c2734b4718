using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RetailVision.Contracts;
using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests.Attacks;

/// <summary>
/// 2,000 HTTP connections that each fetch the dashboard once and then sit idle, keep-alive: each must be closed by the
/// server once the keep-alive timeout (5 s here) has passed, and not long after. An MQTT client idle as long on the
/// same Kestrel server must stay connected: its idle time is the MQTT keep-alive's to judge, not HTTP's.
/// </summary>
public sealed class IdleHttpConnectionAttackTests(ITestOutputHelper output)
{
    private const int Connections = 2_000;
    private const int OpeningAtOnce = 100;
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(5);

    /// <summary>Kestrel checks its timeouts once a second, and this machine's two cores are shared with 2,000 sockets.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    private static readonly StoreLogin Store = new("store-a", "password-a");

    [Fact]
    public async Task Two_thousand_idle_keep_alive_connections_are_closed_after_the_keep_alive_timeout()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await AttackedAggregator.StartAsync(folder,
            [.. Store.AggregatorSettings(0), $"--Aggregator:Api:KeepAliveTimeoutSeconds={KeepAlive.TotalSeconds}"]);
        using var mqtt = await RawMqttClient.OpenAsync(aggregator.BrokerPort);
        var login = await mqtt.ConnectAsync(MqttClientIds.Edge(Store.StoreId, "idle"), Store.StoreId, Store.Password);
        var mqttClosing = mqtt.WaitForCloseAsync(KeepAlive + Slack + TimeSpan.FromSeconds(2));

        var port = aggregator.Http.BaseAddress!.Port;
        using var gate = new SemaphoreSlim(OpeningAtOnce);
        var idles = await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => IdleAsync(port, gate)));
        var mqttClosed = await mqttClosing;

        var closed = idles.Where(i => i.IdleFor is not null).Select(i => i.IdleFor!.Value.TotalSeconds).Order().ToList();
        new AttackFigures(nameof(IdleHttpConnectionAttackTests))
            .With("connections", Connections).With("answered", idles.Count(i => i.Answered)).With("closed", closed.Count)
            .With("keep-alive-s", KeepAlive.TotalSeconds)
            .With("idle-min-s", closed.FirstOrDefault()).With("idle-median-s", closed.Count == 0 ? double.NaN : closed[closed.Count / 2])
            .With("idle-max-s", closed.LastOrDefault())
            .With("mqtt-login", login.ToString().Replace(' ', '_')).With("mqtt-closed", mqttClosed.Closed)
            .Publish(output);

        Assert.All(idles, i => Assert.True(i.Answered));
        Assert.Equal(Connections, closed.Count);
        Assert.InRange(closed[0], KeepAlive.TotalSeconds - 1, double.MaxValue);
        Assert.InRange(closed[^1], 0, (KeepAlive + Slack).TotalSeconds);
        Assert.Equal((byte)0, login.Code);
        Assert.False(mqttClosed.Closed, "the MQTT client was disconnected by HTTP's keep-alive timeout");
        folder.Keep = false;
    }

    /// <summary>
    /// One keep-alive connection: GET / (the dashboard), read the answer, then wait, reading, until the server closes
    /// it. The idle time runs from the answer's first bytes; null when the server had not closed within a minute.
    /// </summary>
    private static async Task<IdleConnection> IdleAsync(int port, SemaphoreSlim gate)
    {
        Socket socket;
        Stopwatch clock;
        await gate.WaitAsync();
        try
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port);
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
            var first = new byte[4096];
            if (await socket.ReceiveAsync(first) == 0) return new IdleConnection(false, null);
            clock = Stopwatch.StartNew();
        }
        finally
        {
            gate.Release();
        }
        using (socket)
        {
            var rest = new byte[16_384];
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                while (await socket.ReceiveAsync(rest, limit.Token) > 0)
                {
                }
                return new IdleConnection(true, clock.Elapsed);
            }
            catch (SocketException)
            {
                return new IdleConnection(true, clock.Elapsed);
            }
            catch (OperationCanceledException)
            {
                return new IdleConnection(true, null);
            }
        }
    }

    private sealed record IdleConnection(bool Answered, TimeSpan? IdleFor);
}
