using MQTTnet;
using MQTTnet.Protocol;
using RetailVision.Contracts;

namespace RetailVision.FaultTests.Support;

/// <summary>Valid decision-point events and the QoS 1 messages that carry them, for tests that publish without an edge.</summary>
public static class StoreEvents
{
    public static DecisionPointEvent Event(string storeId)
    {
        var at = DateTimeOffset.UtcNow;
        return new(ContractVersion.Current, Guid.NewGuid(), DecisionPointKind.ZoneEnter, storeId, "cam", "zone", 1, at, at, null, null);
    }

    /// <summary>An event on <c>retailvision/{topicStore}/cam/{leaf}</c>: the topic's store and the payload's may differ on purpose.</summary>
    public static MqttApplicationMessage Message(string topicStore, DecisionPointEvent payload, string leaf = MqttTopics.EventsLeaf) =>
        new MqttApplicationMessageBuilder()
            .WithTopic($"{MqttTopics.DefaultPrefix}/{topicStore}/cam/{leaf}")
            .WithPayload(ContractJson.Serialize(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
}
