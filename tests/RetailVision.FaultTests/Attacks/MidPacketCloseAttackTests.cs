using System.Diagnostics;
using System.Text;
using RetailVision.Contracts;
using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests.Attacks;

/// <summary>
/// 100 connections that go away in the middle of a packet: half a CONNECT (MQTT 5 and 3.1.1, never logged in) and half
/// a PUBLISH after a login (keep-alive 0 and 60), each closed with a FIN or a reset, while store B's box publishes. A
/// connection that ends mid-packet must be released at once: within 1 s of the closes the aggregator's CPU must be back
/// under 5 % of a core above what it used just before (store B's ingest, and the runtime's own background compiling on
/// a busy machine), and store B must keep at least 90 % of its publish rate.
/// </summary>
public sealed class MidPacketCloseAttackTests(ITestOutputHelper output)
{
    private const int Connections = 100;
    private const double PublishRate = 5;
    private const double MaxCpuAboveBefore = 0.05;
    private static readonly StoreLogin StoreA = new("store-a", "password-a");
    private static readonly StoreLogin StoreB = new("store-b", "password-b");
    private static readonly byte[] Topic = Encoding.UTF8.GetBytes(MqttTopics.Events(MqttTopics.DefaultPrefix, StoreA.StoreId, "cam"));

    private enum Cut
    {
        HalfConnectV5,
        HalfConnectV311,
        HalfPublishNoKeepAlive,
        HalfPublishKeepAlive,
    }

    [Fact]
    public async Task Connections_closed_mid_packet_are_released_at_once()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await AttackedAggregator.StartAsync(folder, [.. StoreA.AggregatorSettings(0), .. StoreB.AggregatorSettings(1)]);
        var port = aggregator.BrokerPort;
        await using var box = await SteadyPublisher.StartAsync(port, StoreB, MqttClientIds.Edge(StoreB.StoreId, "box"), PublishRate);
        // One small round first, so that compiling the code these paths run is in the baseline, not in the figures.
        CloseAll(await Task.WhenAll(Enumerable.Range(0, 16).Select(i => OpenMidPacketAsync(port, (Cut)(i % 4), 1000 + i))), i => i % 8 >= 4);
        await Task.Delay(6000);
        var cpuBefore = await CpuSampler.ShareOfCoreAsync(aggregator.ProcessId, TimeSpan.FromSeconds(3));
        var beforeWindow = (box.Now - TimeSpan.FromSeconds(3), box.Now);

        // Every connection is opened and left mid-packet first, then all are closed together.
        var clients = await Task.WhenAll(Enumerable.Range(0, Connections).Select(i => OpenMidPacketAsync(port, (Cut)(i % 4), i)));
        var attackStart = box.Now;
        CloseAll(clients, i => i % 8 >= 4);
        var closed = box.Now;
        await Task.Delay(1000);
        var cpuAfter = await CpuSampler.ShareOfCoreAsync(aggregator.ProcessId, TimeSpan.FromSeconds(2));
        var cpuLater = await CpuSampler.ShareOfCoreAsync(aggregator.ProcessId, TimeSpan.FromSeconds(3));
        var during = box.Between(attackStart, box.Now);
        var before = box.Between(beforeWindow.Item1, beforeWindow.Item2);
        var healthy = (await aggregator.Http.GetAsync("/health")).IsSuccessStatusCode;

        new AttackFigures(nameof(MidPacketCloseAttackTests))
            .With("connections", Connections).With("cpu-before", cpuBefore).With("cpu-1-3s-after", cpuAfter).With("cpu-3-6s-after", cpuLater)
            .With("rate-before", before.AckedPerSecond).With("rate-during", during.AckedPerSecond)
            .With("ratio", during.AckedPerSecond / before.AckedPerSecond).With("close-ms", (closed - attackStart).TotalMilliseconds)
            .With("box-disconnects", box.Disconnects).With("healthy", healthy)
            .Publish(output);

        Assert.True(cpuAfter < cpuBefore + MaxCpuAboveBefore, $"the aggregator used {cpuAfter:P1} of a core 1–3 s after the closes, {cpuBefore:P1} before");
        Assert.True(cpuLater < cpuBefore + MaxCpuAboveBefore, $"the aggregator used {cpuLater:P1} of a core 3–6 s after the closes, {cpuBefore:P1} before");
        Assert.True(during.AckedPerSecond >= 0.9 * before.AckedPerSecond, $"store B kept {during.AckedPerSecond:0.0}/s of {before.AckedPerSecond:0.0}/s");
        Assert.Equal(0, box.Disconnects);
        Assert.True(healthy);
        folder.Keep = false;
    }

    /// <summary>Closes each connection, with a reset where <paramref name="reset"/> says so (by index), else with a FIN.</summary>
    private static void CloseAll(RawMqttClient[] clients, Func<int, bool> reset)
    {
        for (var i = 0; i < clients.Length; i++)
        {
            if (reset(i)) clients[i].Abort();
            else clients[i].Dispose();
        }
    }

    /// <summary>A connection left in the middle of a packet of the given kind.</summary>
    private static async Task<RawMqttClient> OpenMidPacketAsync(int port, Cut kind, int index)
    {
        var client = await RawMqttClient.OpenAsync(port);
        var clientId = MqttClientIds.Edge(StoreA.StoreId, $"cut-{index}");
        switch (kind)
        {
            case Cut.HalfConnectV5 or Cut.HalfConnectV311:
                var connect = RawMqttClient.Connect(clientId, StoreA.StoreId, StoreA.Password,
                    kind == Cut.HalfConnectV5 ? RawMqttClient.Mqtt5 : RawMqttClient.Mqtt311);
                await client.SendAsync(connect[..(connect.Length / 2)]);
                break;
            default:
                var connack = await client.ConnectAsync(clientId, StoreA.StoreId, StoreA.Password,
                    keepAliveSeconds: kind == Cut.HalfPublishNoKeepAlive ? (ushort)0 : (ushort)60);
                Assert.Equal((byte)0, connack.Code);
                var publish = RawMqttClient.Publish(Topic, new byte[2000]);
                await client.SendAsync(publish[..(publish.Length / 2)]);
                break;
        }
        // The server has the half packet before the close.
        await Task.Delay(200);
        return client;
    }
}
