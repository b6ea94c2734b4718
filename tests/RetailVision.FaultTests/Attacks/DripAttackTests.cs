using System.Net;
using System.Text;
using RetailVision.Contracts;
using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests.Attacks;

/// <summary>
/// 1,000 logged-in connections of store A, each dripping a large PUBLISH one byte every 8 s — under the 10 s stall
/// timeout, so only the minimum data rate can end them — and starting again whenever the broker closes it, for 25 s,
/// while store B's box publishes. Each must be closed within the rate's grace period (MQTT 5: DISCONNECT 0x8D saying
/// why), the aggregator's resident memory must grow less than 100 MB and come back within 50 MB of its start within a
/// minute, and store B must keep publishing.
/// </summary>
public sealed class DripAttackTests(ITestOutputHelper output)
{
    private const int Connections = 1000;
    private const int Addresses = 4;
    private const long MaxRise = 100L * 1024 * 1024;
    private const long ReturnTolerance = 50L * 1024 * 1024;
    private static readonly TimeSpan AttackTime = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);
    private static readonly StoreLogin StoreA = new("store-a", "password-a");
    private static readonly StoreLogin StoreB = new("store-b", "password-b");
    private static readonly byte[] Topic = Encoding.UTF8.GetBytes(MqttTopics.Events(MqttTopics.DefaultPrefix, StoreA.StoreId, "cam"));

    [Fact]
    public async Task Dripped_packets_are_cut_off_by_the_minimum_rate()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await AttackedAggregator.StartAsync(folder,
            [.. StoreA.AggregatorSettings(0), .. StoreB.AggregatorSettings(1), $"--Aggregator:Broker:Limits:MinPacketRateGraceSeconds={Grace.TotalSeconds}"]);
        var port = aggregator.BrokerPort;
        await using var box = await SteadyPublisher.StartAsync(port, StoreB, MqttClientIds.Edge(StoreB.StoreId, "box"), 10);
        // The box's first publishes pay for compiling the ingest path; its rate is taken once it runs steadily.
        await Task.Delay(3000);

        long baseline, peak;
        var closings = new List<Closing>();
        var attackStart = box.Now;
        await using (var rss = new RssSampler(aggregator.ProcessId))
        {
            using var stop = new CancellationTokenSource(AttackTime);
            var drippers = Enumerable.Range(0, Connections).Select(i => Task.Run(async () =>
            {
                var address = IPAddress.Parse($"127.0.0.{20 + i % Addresses}");
                for (var round = 0; !stop.IsCancellationRequested; round++)
                {
                    var closing = await DripAsync(port, address, $"drip-{i}-{round}");
                    lock (closings) closings.Add(closing);
                }
            })).ToList();
            await Task.WhenAll(drippers);
            (baseline, peak) = (rss.Baseline, rss.Peak);
        }
        var during = box.Between(attackStart, box.Now);
        var before = box.Between(TimeSpan.FromSeconds(1), attackStart);
        var (settled, settledAfter) = await RssSampler.SettleAsync(aggregator.ProcessId, baseline + ReturnTolerance, TimeSpan.FromSeconds(60));

        var closed = closings.Where(c => c.Closed).ToList();
        new AttackFigures(nameof(DripAttackTests))
            .With("connections", Connections).With("drips", closings.Count).With("closed", closed.Count)
            .With("close-median", closed.Select(c => c.After).Order().ElementAtOrDefault(closed.Count / 2))
            .With("close-max", closed.Count == 0 ? TimeSpan.Zero : closed.Max(c => c.After))
            .With("rss-baseline-mb", baseline / 1048576.0).With("rss-peak-mb", peak / 1048576.0).With("rise-mb", (peak - baseline) / 1048576.0)
            .With("rss-settled-mb", settled / 1048576.0).With("settled-after", settledAfter)
            .With("rate-before", before.AckedPerSecond).With("rate-during", during.AckedPerSecond).With("box-disconnects", box.Disconnects)
            .Publish(output);
        output.WriteLine($"  DISCONNECT {closed.FirstOrDefault()?.Disconnect}");

        Assert.Equal(closings.Count, closed.Count);
        Assert.All(closed, c => Assert.True(c.After <= Grace + Slack, $"a drip lasted {c.After}"));
        Assert.All(closed, c => Assert.Equal((byte)0x8D, c.Disconnect?.Code));
        Assert.InRange(peak - baseline, long.MinValue, MaxRise);
        Assert.True(settled <= baseline + ReturnTolerance, $"RSS {settled / 1048576.0:0} MB at its lowest in the minute after the attack, baseline {baseline / 1048576.0:0} MB");
        Assert.True(during.AckedPerSecond >= 0.9 * before.AckedPerSecond, $"store B kept {during.AckedPerSecond:0.0}/s of {before.AckedPerSecond:0.0}/s");
        Assert.Equal(0, box.Disconnects);
        folder.Keep = false;
    }

    /// <summary>Logs in, announces a 200,000-byte PUBLISH and drips it a byte every 8 s; how long until the broker closed it, from the header on.</summary>
    private static async Task<Closing> DripAsync(int port, IPAddress address, string agent)
    {
        using var client = await RawMqttClient.OpenAsync(port, address);
        var connack = await client.ConnectAsync(MqttClientIds.Edge(StoreA.StoreId, agent), StoreA.StoreId, StoreA.Password);
        Assert.Equal((byte)0, connack.Code);
        await client.SendAsync(RawMqttClient.PublishHeader(Topic, 200_000));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var dripping = new CancellationTokenSource();
        var drip = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(8), dripping.Token);
                    await client.SendAsync(new byte[1], dripping.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // Closed by the broker, or the test is done with it.
            }
        });
        var closing = await client.WaitForCloseAsync(TimeSpan.FromSeconds(30));
        await dripping.CancelAsync();
        await drip;
        return closing with { After = clock.Elapsed };
    }
}
