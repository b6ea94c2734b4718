using System.Diagnostics;
using System.Text;
using RetailVision.Contracts;
using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests.Attacks;

/// <summary>
/// A logged-in store announces packets the broker could not afford: 16 connections each send a PUBLISH fixed header of
/// 256 MiB − 1 (MQTT's largest remaining length) and then nothing, and 4 stream a 128 MiB PUBLISH body as fast as the
/// socket takes it. The aggregator's resident memory must stay flat, the connections must be closed at once (MQTT 5:
/// with a DISCONNECT saying why), and a store must still publish afterwards.
/// </summary>
public sealed class MemoryAttackTests(ITestOutputHelper output)
{
    private const int Announcers = 16;
    private const int Streamers = 4;
    private const int StreamedBodyBytes = 128 * 1024 * 1024;
    private const long MaxRise = 50L * 1024 * 1024;
    private static readonly TimeSpan PromptClose = TimeSpan.FromSeconds(3);
    private static readonly StoreLogin Store = new("store-a", "password-a");
    private static readonly byte[] Topic = Encoding.UTF8.GetBytes(MqttTopics.Events(MqttTopics.DefaultPrefix, Store.StoreId, "cam"));

    [Fact]
    public async Task Announced_giant_packets_cost_the_aggregator_no_memory_and_their_connections()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await AttackedAggregator.StartAsync(folder, Store.AggregatorSettings(0));
        var port = aggregator.BrokerPort;
        // One ordinary publish first, so what a first message allocates is in the baseline, not in the rise.
        await PublishOnceAsync(port, "warm-up");

        var clock = Stopwatch.StartNew();
        List<Closing> announced;
        List<(Closing Closing, long SentBytes)> streamed;
        long baseline, peak;
        await using (var rss = new RssSampler(aggregator.ProcessId))
        {
            var announcing = Enumerable.Range(0, Announcers).Select(i => AnnounceAsync(port, i)).ToList();
            var streaming = Enumerable.Range(0, Streamers).Select(i => StreamAsync(port, i)).ToList();
            announced = [.. await Task.WhenAll(announcing)];
            streamed = [.. await Task.WhenAll(streaming)];
            // A little longer, so that memory the broker were still filling would show in the peak.
            await Task.Delay(1000);
            (baseline, peak) = (rss.Baseline, rss.Peak);
        }
        var attackSeconds = clock.Elapsed.TotalSeconds;
        var after = RssSampler.Read(aggregator.ProcessId);
        var healthy = (await aggregator.Http.GetAsync("/health")).IsSuccessStatusCode;
        var stillPublishes = await PublishOnceAsync(port, "after");
        var reasons = announced.Select(c => c.Disconnect?.ToString() ?? "none").Concat(streamed.Select(s => s.Closing.Disconnect?.ToString() ?? "none"));

        new AttackFigures(nameof(MemoryAttackTests))
            .With("rss-baseline-mb", baseline / 1048576.0).With("rss-peak-mb", peak / 1048576.0).With("rss-after-mb", after / 1048576.0)
            .With("rise-mb", (peak - baseline) / 1048576.0)
            .With("announcers-closed", announced.Count(c => c.Closed))
            .With("announcers-close-max", announced.Max(c => c.After))
            .With("streamers-closed", streamed.Count(s => s.Closing.Closed))
            .With("streamers-close-max", streamed.Max(s => s.Closing.After))
            .With("streamed-bytes-max", streamed.Max(s => s.SentBytes))
            .With("attack-s", attackSeconds).With("healthy", healthy).With("publish-after", stillPublishes)
            .Publish(output);
        foreach (var reason in reasons.GroupBy(r => r)) output.WriteLine($"  DISCONNECT {reason.Key}: {reason.Count()}");

        Assert.InRange(peak - baseline, long.MinValue, MaxRise);
        Assert.All(announced, c => Assert.True(c.Closed && c.After < PromptClose, $"announcer closed={c.Closed} after {c.After}"));
        Assert.All(announced, c => Assert.Equal((byte)0x95, c.Disconnect?.Code));
        Assert.All(streamed, s => Assert.True(s.Closing.Closed && s.Closing.After < PromptClose, $"streamer closed={s.Closing.Closed} after {s.Closing.After}"));
        Assert.True(streamed.All(s => s.SentBytes < StreamedBodyBytes), "a 128 MiB body was taken in whole");
        Assert.True(healthy, "/health is not OK after the attack");
        Assert.True(stillPublishes, "the store could not publish after the attack");
        folder.Keep = false;
    }

    /// <summary>CONNECT, then a PUBLISH header announcing 268,435,455 bytes, then silence: how long until the server closes.</summary>
    private static async Task<Closing> AnnounceAsync(int port, int index)
    {
        using var client = await RawMqttClient.OpenAsync(port);
        var connack = await client.ConnectAsync(MqttClientIds.Edge(Store.StoreId, $"announcer-{index}"), Store.StoreId, Store.Password);
        Assert.Equal((byte)0, connack.Code);
        await client.SendAsync(RawMqttClient.PublishHeader(Topic, RawMqttClient.MaxRemainingLength));
        return await client.WaitForCloseAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// CONNECT, a PUBLISH header announcing 128 MiB, then the body in 64 KiB writes for as long as the socket takes them.
    /// Half over MQTT 3.1.1, which has no DISCONNECT to tell why. A reader runs alongside, so the server's DISCONNECT is
    /// read before the reset that writing into a closed connection brings.
    /// </summary>
    private static async Task<(Closing, long)> StreamAsync(int port, int index)
    {
        var protocol = index % 2 == 0 ? RawMqttClient.Mqtt5 : RawMqttClient.Mqtt311;
        using var client = await RawMqttClient.OpenAsync(port);
        var connack = await client.ConnectAsync(MqttClientIds.Edge(Store.StoreId, $"streamer-{index}"), Store.StoreId, Store.Password, protocol);
        Assert.Equal((byte)0, connack.Code);
        var header = RawMqttClient.PublishHeader(Topic, StreamedBodyBytes, protocol);
        var closing = client.WaitForCloseAsync(TimeSpan.FromSeconds(10));
        await client.SendAsync(header);
        var chunk = new byte[64 * 1024];
        long sent = header.Length;
        // A server that neither reads nor closes would block the writes for good.
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (sent < StreamedBodyBytes && !closing.IsCompleted)
            {
                await client.SendAsync(chunk, giveUp.Token);
                sent += chunk.Length;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The server closed the connection under the writes (what the test waits for), or the time is up.
        }
        return (await closing, sent);
    }

    private static async Task<bool> PublishOnceAsync(int port, string agent)
    {
        await using var publisher = await SteadyPublisher.StartAsync(port, Store, MqttClientIds.Edge(Store.StoreId, agent), perSecond: 10);
        await Eventually.HoldsAsync(() => Task.FromResult(publisher.Sent.Count > 0), TimeSpan.FromSeconds(10), "a publish is answered");
        return publisher.Sent[0].Acknowledged;
    }
}
