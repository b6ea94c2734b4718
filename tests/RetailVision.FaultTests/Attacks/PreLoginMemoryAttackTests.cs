using System.Net;
using RetailVision.Contracts;
using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests.Attacks;

/// <summary>
/// 2,000 connections from 8 addresses that never log in: each sends a CONNECT announcing the largest size allowed and
/// stops 64 bytes short, and starts again whenever the broker closes it, for 25 s, while store B's box publishes. The
/// aggregator's resident memory must grow less than 100 MB and come back within 50 MB of its start within a minute;
/// store B keeps publishing, and a store that logs in for the first time during the attack gets in.
/// </summary>
public sealed class PreLoginMemoryAttackTests(ITestOutputHelper output)
{
    private const int Connections = 2000;
    private const int Addresses = 8;
    private const int ConnectLimit = 4096;
    private const long MaxRise = 100L * 1024 * 1024;
    private const long ReturnTolerance = 50L * 1024 * 1024;
    private static readonly TimeSpan AttackTime = TimeSpan.FromSeconds(25);
    private static readonly StoreLogin StoreB = new("store-b", "password-b");
    private static readonly StoreLogin StoreC = new("store-c", "password-c");

    [Fact]
    public async Task Connections_that_never_log_in_cost_bounded_memory()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await AttackedAggregator.StartAsync(folder, [.. StoreB.AggregatorSettings(0), .. StoreC.AggregatorSettings(1)]);
        var port = aggregator.BrokerPort;
        await using var box = await SteadyPublisher.StartAsync(port, StoreB, MqttClientIds.Edge(StoreB.StoreId, "box"), 10);
        // The box's first publishes pay for compiling the ingest path; its rate is taken once it runs steadily.
        await Task.Delay(3000);

        long baseline, peak;
        var opened = 0;
        var refusedUnread = 0;
        ServerAnswer? freshLogin;
        var attackStart = box.Now;
        await using (var rss = new RssSampler(aggregator.ProcessId))
        {
            using var stop = new CancellationTokenSource(AttackTime);
            var holders = Enumerable.Range(0, Connections).Select(i => Task.Run(async () =>
            {
                var address = IPAddress.Parse($"127.0.0.{10 + i % Addresses}");
                while (!stop.IsCancellationRequested)
                {
                    var held = await HoldNearLimitConnectAsync(port, address, stop.Token);
                    if (held) Interlocked.Increment(ref opened);
                    else Interlocked.Increment(ref refusedUnread);
                }
            })).ToList();
            await Task.Delay(AttackTime / 2);
            using (var fresh = await RawMqttClient.OpenAsync(port))
                freshLogin = await fresh.ConnectAsync(MqttClientIds.Edge(StoreC.StoreId, "first"), StoreC.StoreId, StoreC.Password);
            await Task.WhenAll(holders);
            (baseline, peak) = (rss.Baseline, rss.Peak);
        }
        var during = box.Between(attackStart, box.Now);
        var before = box.Between(TimeSpan.FromSeconds(1), attackStart);
        var (settled, settledAfter) = await RssSampler.SettleAsync(aggregator.ProcessId, baseline + ReturnTolerance, TimeSpan.FromSeconds(60));

        new AttackFigures(nameof(PreLoginMemoryAttackTests))
            .With("connections", Connections).With("opened", opened).With("refused-unread", refusedUnread)
            .With("rss-baseline-mb", baseline / 1048576.0).With("rss-peak-mb", peak / 1048576.0).With("rise-mb", (peak - baseline) / 1048576.0)
            .With("rss-settled-mb", settled / 1048576.0).With("settled-after", settledAfter)
            .With("fresh-login", freshLogin).With("rate-before", before.AckedPerSecond).With("rate-during", during.AckedPerSecond)
            .With("box-disconnects", box.Disconnects)
            .Publish(output);

        Assert.InRange(peak - baseline, long.MinValue, MaxRise);
        Assert.True(settled <= baseline + ReturnTolerance, $"RSS {settled / 1048576.0:0} MB at its lowest in the minute after the attack, baseline {baseline / 1048576.0:0} MB");
        Assert.Equal((byte)0, freshLogin.Code);
        Assert.True(during.AckedPerSecond >= 0.9 * before.AckedPerSecond, $"store B kept {during.AckedPerSecond:0.0}/s of {before.AckedPerSecond:0.0}/s");
        Assert.Equal(0, box.Disconnects);
        folder.Keep = false;
    }

    /// <summary>
    /// A CONNECT that announces <see cref="ConnectLimit"/> bytes and stops 64 short, held until the broker closes it;
    /// false when the broker closed it before reading it (the pre-login budget was spent).
    /// </summary>
    private static async Task<bool> HoldNearLimitConnectAsync(int port, IPAddress address, CancellationToken stop)
    {
        using var client = await RawMqttClient.OpenAsync(port, address);
        byte[] header = [0x10, .. RawMqttClient.RemainingLength(ConnectLimit)];
        // Protocol name "MQTT", level 5, flags, keep-alive, then filler that never completes the packet.
        byte[] start = [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 0x02, 0, 60];
        byte[] nearlyWhole = [.. header, .. start, .. new byte[ConnectLimit - 64 - start.Length]];
        try
        {
            await client.SendAsync(nearlyWhole, stop);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            return false;
        }
        var closing = await client.WaitForCloseAsync(TimeSpan.FromSeconds(15));
        return closing.After > TimeSpan.FromMilliseconds(100);
    }
}
