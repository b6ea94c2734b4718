using Microsoft.Extensions.Logging.Abstractions;
using RetailVision.Contracts;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Delivery;
using RetailVision.Tests.Shared;

namespace RetailVision.Edge.Tests.Delivery;

public sealed class MqttEventPublisherOutboxTests
{
    [Fact]
    public async Task Events_queued_while_the_broker_is_down_survive_a_restart_and_arrive_once_in_order()
    {
        const int count = 25;
        using var folder = new TempFolder();
        var outboxPath = folder.File("outbox.db");
        var port = FreePort.Next();
        var config = new StoreConfig { StoreId = "s1", Broker = new BrokerConfig { Port = port }, Cameras = [] };
        var events = Enumerable.Range(1, count).Select(i => new DecisionPointEvent(ContractVersion.Current, Guid.NewGuid(),
            DecisionPointKind.ZoneEnter, "s1", "cam1", "zone1", i, DateTimeOffset.UnixEpoch.AddSeconds(i),
            DateTimeOffset.UnixEpoch.AddSeconds(i), null, null)).ToArray();

        // Broker down: everything piles up in the outbox file, then the agent stops.
        using (var outbox = new EventOutbox(outboxPath, NullLogger.Instance))
        {
            await using var publisher = new MqttEventPublisher(config, outbox, NullLogger.Instance);
            foreach (var decisionPoint in events) publisher.Publish(decisionPoint);
            Assert.Equal(count, publisher.Pending);
        }

        await using var broker = await RecordingBroker.StartAsync(port);
        using (var outbox = new EventOutbox(outboxPath, NullLogger.Instance))
        {
            await using var publisher = new MqttEventPublisher(config, outbox, NullLogger.Instance);
            Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(count, publisher.Delivered);
            Assert.Equal(0, outbox.Count);

            var delivered = broker.Received.Where(m => m.Topic != publisher.StatusTopic).ToArray();
            Assert.All(delivered, m => Assert.Equal(MqttTopics.Events(config.TopicPrefix, "s1", "cam1"), m.Topic));
            Assert.Equal(events.Select(ContractJson.Serialize), delivered.Select(m => m.Payload));
        }
    }
}
