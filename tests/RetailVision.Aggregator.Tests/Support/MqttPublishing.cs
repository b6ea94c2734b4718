using MQTTnet;
using MQTTnet.Protocol;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Tests.Support;

/// <summary>QoS 1 publishes of contract messages and raw payloads.</summary>
public static class MqttPublishing
{
    public static Task<MqttClientPublishResult> PublishAsync(this IMqttClient client, DecisionPointEvent e, string prefix = MqttTopics.DefaultPrefix) =>
        client.PublishRawAsync(MqttTopics.Events(prefix, e.StoreId, e.CameraId), ContractJson.Serialize(e));

    public static Task<MqttClientPublishResult> PublishAsync(this IMqttClient client, HeatmapSnapshot s, string prefix = MqttTopics.DefaultPrefix) =>
        client.PublishRawAsync(MqttTopics.Heatmap(prefix, s.StoreId, s.CameraId), ContractJson.Serialize(s));

    public static Task<MqttClientPublishResult> PublishRawAsync(this IMqttClient client, string topic, byte[] payload) =>
        client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
}
