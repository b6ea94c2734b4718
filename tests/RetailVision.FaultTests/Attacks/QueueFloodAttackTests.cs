using System.Diagnostics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using RetailVision.Aggregator.Configuration;
using RetailVision.Contracts;
using RetailVision.FaultTests.Support;
using Xunit.Abstractions;

namespace RetailVision.FaultTests.Attacks;

/// <summary>
/// A store's box turns the broker's own memory against it. First it leaves a persistent session offline, subscribed to
/// its own stats topic, and publishes 1.4 GB of the largest stats messages the broker takes, while another store's
/// box keeps publishing events. Then it retains a status message on 20,000 camera topics and clears them again. The
/// aggregator's resident memory must stay bounded while it happens, every message the broker did not keep must be
/// counted, and the memory must come back within a minute of the end.
/// </summary>
public sealed class QueueFloodAttackTests(ITestOutputHelper output)
{
    private const long FloodBytes = 1_400_000_000;
    private const int FloodInFlight = 8;
    // One connection takes the broker's answers one publish at a time; several carry a flood of this size in about a minute.
    private const int Flooders = 8;
    private const int RetainedTopics = 20_000;
    private const int RetainedInFlight = 32;
    private const double BoxRate = 20;
    private const long MaxRise = 100L * 1024 * 1024;
    private const long MaxLeft = 50L * 1024 * 1024;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Baseline = TimeSpan.FromSeconds(3);
    private static readonly StoreLogin Attacker = new("store-a", "password-a");
    private static readonly StoreLogin Bystander = new("store-b", "password-b");
    private static readonly string StatsTopic = MqttTopics.Stats(MqttTopics.DefaultPrefix, Attacker.StoreId);

    // The largest stats message the broker takes: a packet of MaxPacketBytes less room for the header and the topic.
    private static readonly byte[] LargestStats = new byte[new BrokerLimitsOptions().MaxPacketBytes - 1024];

    [Fact]
    public async Task A_stats_flood_into_an_offline_session_is_dropped_counted_and_its_memory_given_back()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await AttackedAggregator.StartAsync(folder, [.. Attacker.AggregatorSettings(0), .. Bystander.AggregatorSettings(1)]);
        var port = aggregator.BrokerPort;
        var offlineId = MqttClientIds.Edge(Attacker.StoreId, "viewer");
        await LeaveOfflineSubscriberAsync(port, offlineId);
        var flooders = await Task.WhenAll(Enumerable.Range(0, Flooders).Select(i => ConnectAsync(port, Attacker, $"flooder-{i}")));
        // A few of the largest messages first, so what the first ones allocate is in the baseline, not in the rise.
        const int warmUp = 20;
        await PublishAsync(flooders[0], Enumerable.Range(0, warmUp).Select(_ => Stats()), FloodInFlight);
        await using var box = await SteadyPublisher.StartAsync(port, Bystander, MqttClientIds.Edge(Bystander.StoreId, "edge-1"), BoxRate);
        await Task.Delay(Baseline);

        var floodCount = (int)(FloodBytes / LargestStats.Length);
        var floodStart = box.Now;
        var clock = Stopwatch.StartNew();
        var cpuBefore = CpuSampler.Used(aggregator.ProcessId);
        long baseline, peak;
        int refusedPublishes;
        await using (var rss = new RssSampler(aggregator.ProcessId))
        {
            var shares = await Task.WhenAll(flooders.Select((client, i) =>
                PublishAsync(client, Enumerable.Range(0, floodCount).Where(n => n % Flooders == i).Select(_ => Stats()), FloodInFlight)));
            refusedPublishes = shares.Sum();
            (baseline, peak) = (rss.Baseline, rss.Peak);
        }
        var floodSeconds = clock.Elapsed.TotalSeconds;
        var floodCpu = (CpuSampler.Used(aggregator.ProcessId) - cpuBefore).TotalSeconds;
        var floodEnd = box.Now;
        await Task.Delay(Baseline);
        await box.StopAsync();
        foreach (var client in flooders)
        {
            await client.DisconnectAsync();
            client.Dispose();
        }
        var figures = await BrokerFigures.ReadAsync(aggregator);
        var (settled, settledAfter) = await RssSampler.SettleAsync(aggregator.ProcessId, baseline + MaxLeft, Settle);
        // The session comes back: it gets what was kept for it, and the broker's queues are empty again.
        var delivered = await ResumeAndReceiveAsync(port, offlineId, figures.QueuedMessages);
        var emptied = await BrokerFigures.ReadAsync(aggregator);

        var before = box.Between(TimeSpan.FromSeconds(1), floodStart);
        var during = box.Between(floodStart, floodEnd);
        new AttackFigures(nameof(QueueFloodAttackTests) + ".Stats")
            .With("flood-messages", floodCount).With("flood-mb", floodCount * (double)LargestStats.Length / 1e6)
            .With("flood-s", floodSeconds).With("flood-mb-per-s", floodCount * (double)LargestStats.Length / 1e6 / floodSeconds)
            .With("aggregator-cpu-s", floodCpu)
            .With("rss-baseline-mb", baseline / 1048576.0).With("rss-peak-mb", peak / 1048576.0).With("rise-mb", (peak - baseline) / 1048576.0)
            .With("rss-settled-mb", settled / 1048576.0).With("left-mb", (settled - baseline) / 1048576.0).With("settled-s", settledAfter.TotalSeconds)
            .With("dropped-telemetry", figures.DroppedTelemetry).With("queued-messages", figures.QueuedMessages)
            .With("queued-kb", figures.QueuedBytes / 1024.0).With("delivered-on-resume", delivered)
            .With("queued-after-resume", emptied.QueuedMessages).With("refused-publishes", refusedPublishes)
            .With("box-baseline-per-s", before.AckedPerSecond).With("box-during-per-s", during.AckedPerSecond)
            .With("box-during-p99-ms", during.P99Ms).With("box-unacknowledged", box.Sent.Count(p => !p.Acknowledged))
            .Publish(output);

        Assert.Equal(0, refusedPublishes);
        Assert.InRange(peak - baseline, long.MinValue, MaxRise);
        // Every stats message went to the one offline subscriber: each was either queued or dropped and counted.
        Assert.Equal(warmUp + floodCount, figures.DroppedTelemetry + figures.QueuedMessages);
        Assert.InRange(figures.QueuedBytes, 1, (long)(new BrokerQueueOptions().MaxBytesPerClient * new BrokerQueueOptions().TelemetryShare));
        Assert.Equal(0, figures.DroppedMessages);
        Assert.Equal(figures.QueuedMessages, delivered);
        Assert.Equal((0, 0), (emptied.QueuedMessages, emptied.QueuedBytes));
        Assert.True(during.AckedPerSecond >= 0.5 * before.AckedPerSecond,
            $"store B's box fell to {during.AckedPerSecond:0.0}/s from {before.AckedPerSecond:0.0}/s");
        Assert.All(box.Sent, p => Assert.True(p.Acknowledged));
        Assert.Equal(0, box.Disconnects);
        Assert.InRange(settled - baseline, long.MinValue, MaxLeft);
        folder.Keep = false;
    }

    [Fact]
    public async Task Twenty_thousand_retained_camera_statuses_are_refused_past_the_stores_budget_and_clearing_frees_it()
    {
        using var folder = new TestFolder(inMemory: true);
        using var aggregator = await AttackedAggregator.StartAsync(folder, Attacker.AggregatorSettings(0));
        var port = aggregator.BrokerPort;
        using var publisher = await ConnectAsync(port, Attacker, "edge-1");
        var statusPayload = new byte[new BrokerLimitsOptions().MaxRetainedBytes];
        await PublishAsync(publisher, Enumerable.Range(0, 100).Select(i => Status(i, statusPayload)), RetainedInFlight);
        await PublishAsync(publisher, Enumerable.Range(0, 100).Select(i => Status(i, [])), RetainedInFlight);
        var warmedUp = await BrokerFigures.ReadAsync(aggregator);

        long baseline, peak;
        await using (var rss = new RssSampler(aggregator.ProcessId))
        {
            await PublishAsync(publisher, Enumerable.Range(0, RetainedTopics).Select(i => Status(i, statusPayload)), RetainedInFlight);
            (baseline, peak) = (rss.Baseline, rss.Peak);
        }
        var refused = (await BrokerFigures.ReadAsync(aggregator)).RefusedRetained - warmedUp.RefusedRetained;
        var held = await CountRetainedAsync(port, "reader-1");

        await PublishAsync(publisher, Enumerable.Range(0, RetainedTopics).Select(i => Status(i, [])), RetainedInFlight);
        var heldAfterClearing = await CountRetainedAsync(port, "reader-2");
        // The budget is free again: as many statuses as before are retained, none refused.
        await PublishAsync(publisher, Enumerable.Range(0, held).Select(i => Status(i, statusPayload)), RetainedInFlight);
        var heldAgain = await CountRetainedAsync(port, "reader-3");
        var refusedAgain = (await BrokerFigures.ReadAsync(aggregator)).RefusedRetained - warmedUp.RefusedRetained - refused;
        var (settled, settledAfter) = await RssSampler.SettleAsync(aggregator.ProcessId, baseline + MaxLeft, Settle);

        new AttackFigures(nameof(QueueFloodAttackTests) + ".Retained")
            .With("retained-published", RetainedTopics).With("retained-held", held).With("retained-refused", refused)
            .With("rss-baseline-mb", baseline / 1048576.0).With("rss-peak-mb", peak / 1048576.0).With("rise-mb", (peak - baseline) / 1048576.0)
            .With("held-after-clearing", heldAfterClearing).With("held-again", heldAgain).With("refused-again", refusedAgain)
            .With("rss-settled-mb", settled / 1048576.0).With("left-mb", (settled - baseline) / 1048576.0).With("settled-s", settledAfter.TotalSeconds)
            .Publish(output);

        var limits = new BrokerLimitsOptions();
        Assert.InRange(held, 1, limits.MaxRetainedMessagesPerStore);
        Assert.InRange(held * statusPayload.Length, 0, limits.MaxRetainedBytesPerStore);
        Assert.Equal(RetainedTopics - held, refused);
        Assert.InRange(peak - baseline, long.MinValue, MaxRise);
        Assert.Equal(0, heldAfterClearing);
        Assert.Equal(held, heldAgain);
        Assert.Equal(0, refusedAgain);
        Assert.InRange(settled - baseline, long.MinValue, MaxLeft);
        folder.Keep = false;
    }

    private static MqttApplicationMessage Stats() =>
        new MqttApplicationMessageBuilder().WithTopic(StatsTopic).WithPayload(LargestStats)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static MqttApplicationMessage Status(int camera, byte[] payload) =>
        new MqttApplicationMessageBuilder().WithTopic(MqttTopics.CameraStatus(MqttTopics.DefaultPrefix, Attacker.StoreId, $"cam-{camera}"))
            .WithPayload(payload).WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static async Task<IMqttClient> ConnectAsync(int port, StoreLogin login, string agent, bool cleanStart = true)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var connected = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port).WithClientId(MqttClientIds.Edge(login.StoreId, agent)).WithCredentials(login.StoreId, login.Password)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithCleanStart(cleanStart).WithSessionExpiryInterval(cleanStart ? 0 : uint.MaxValue)
            .WithTimeout(TimeSpan.FromSeconds(10)).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        return client;
    }

    /// <summary>Publishes the messages with a fixed number in flight; returns how many the broker refused.</summary>
    private static async Task<int> PublishAsync(IMqttClient client, IEnumerable<MqttApplicationMessage> messages, int inFlight)
    {
        var refused = 0;
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (message, ct) =>
        {
            var result = await client.PublishAsync(message, ct);
            // No subscriber is an answer too: the status flood has nobody listening.
            if (!result.IsSuccess && result.ReasonCode != MqttClientPublishReasonCode.NoMatchingSubscribers) Interlocked.Increment(ref refused);
        });
        return refused;
    }

    /// <summary>A persistent session subscribed to the store's own stats, then left without its client.</summary>
    private static async Task LeaveOfflineSubscriberAsync(int port, string clientId)
    {
        using var client = await ConnectAsync(port, Attacker, clientId.Split(MqttClientIds.Separator)[1], cleanStart: false);
        var subscribed = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(StatsTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, subscribed.Items.Single().ResultCode);
        await client.DisconnectAsync();
    }

    /// <summary>Resumes the offline session and counts what it is sent until the expected number arrived or a quiet second passed.</summary>
    private static async Task<int> ResumeAndReceiveAsync(int port, string clientId, long expected)
    {
        var received = 0;
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += _ =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port).WithClientId(clientId).WithCredentials(Attacker.StoreId, Attacker.Password)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithCleanStart(false).WithSessionExpiryInterval(uint.MaxValue)
            .WithTimeout(TimeSpan.FromSeconds(10)).Build());
        await WaitQuietAsync(() => Volatile.Read(ref received), expected);
        // The last PUBACKs reach the broker before it is asked what it still holds.
        await Task.Delay(500);
        await client.DisconnectAsync();
        client.Dispose();
        return received;
    }

    /// <summary>A fresh subscriber to all of the store's camera statuses: how many retained messages it is sent.</summary>
    private static async Task<int> CountRetainedAsync(int port, string agent)
    {
        using var client = await ConnectAsync(port, Attacker, agent);
        var retained = 0;
        client.ApplicationMessageReceivedAsync += args =>
        {
            if (args.ApplicationMessage.Retain) Interlocked.Increment(ref retained);
            return Task.CompletedTask;
        };
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter($"{MqttTopics.DefaultPrefix}/{Attacker.StoreId}/+/{MqttTopics.StatusLeaf}", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await WaitQuietAsync(() => Volatile.Read(ref retained), long.MaxValue);
        await client.DisconnectAsync();
        return retained;
    }

    private static async Task WaitQuietAsync(Func<int> count, long expected)
    {
        var last = -1;
        for (var i = 0; i < 40 && count() < expected && count() != last; i++)
        {
            last = count();
            await Task.Delay(1000);
        }
    }
}
