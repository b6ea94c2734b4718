using System.Buffers;
using MQTTnet;
using MQTTnet.Packets;
using RetailVision.Aggregator.Broker;

namespace RetailVision.Aggregator.Tests.Broker;

public sealed class QueuedMessageSizeTests
{
    [Fact]
    public void A_message_costs_the_same_queued_and_leaving_and_its_properties_count()
    {
        var payload = new ReadOnlySequence<byte>(new byte[1000]);
        var message = new MqttApplicationMessage { Topic = "retailvision/s1/stats", Payload = payload };
        var plain = QueuedMessageSize.Of(message);
        message.UserProperties = [new MqttUserProperty("k", new ReadOnlyMemory<byte>(new byte[5000]))];
        message.CorrelationData = new byte[100];
        var packet = new MqttPublishPacket
        {
            Topic = message.Topic, Payload = payload, UserProperties = message.UserProperties, CorrelationData = message.CorrelationData,
        };

        Assert.Equal(QueuedMessageSize.OverheadBytes + 1000 + 2 * message.Topic.Length, plain);
        Assert.Equal(plain + 2 + 5000 + 100, QueuedMessageSize.Of(message));
        Assert.Equal(QueuedMessageSize.Of(message), QueuedMessageSize.Of(packet));
    }
}
