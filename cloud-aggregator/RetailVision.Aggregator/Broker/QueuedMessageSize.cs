using MQTTnet;
using MQTTnet.Packets;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// What a queued message costs the broker's memory, computed the same way when it is queued (from the application
/// message) and when it leaves (from the PUBLISH packet), so both ends of the count agree. Properties count as well as
/// the payload: otherwise a tiny payload under large user properties would slip past the byte bounds.
/// </summary>
public static class QueuedMessageSize
{
    /// <summary>
    /// The objects MQTTnet keeps for each queued message besides its bytes (the packet, the bus item with its
    /// completion source, list nodes); a rough figure that keeps many small messages from looking free.
    /// </summary>
    public const int OverheadBytes = 256;

    public static long Of(MqttApplicationMessage message) =>
        Of(message.Topic, message.Payload.Length, message.ContentType, message.ResponseTopic, message.CorrelationData, message.UserProperties);

    public static long Of(MqttPublishPacket packet) =>
        Of(packet.Topic, packet.Payload.Length, packet.ContentType, packet.ResponseTopic, packet.CorrelationData, packet.UserProperties);

    private static long Of(string? topic, long payloadBytes, string? contentType, string? responseTopic, byte[]? correlationData,
        List<MqttUserProperty>? userProperties)
    {
        // Strings are UTF-16 in memory: two bytes a character.
        var bytes = OverheadBytes + payloadBytes + 2L * ((topic?.Length ?? 0) + (contentType?.Length ?? 0) + (responseTopic?.Length ?? 0))
                    + (correlationData?.Length ?? 0);
        if (userProperties is not null)
            foreach (var property in userProperties)
                bytes += 2L * property.Name.Length + property.ValueBuffer.Length;
        return bytes;
    }
}
