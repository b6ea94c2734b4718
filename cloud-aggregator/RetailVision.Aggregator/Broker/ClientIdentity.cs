using System.Collections;
using MQTTnet.Formatter;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// Who an accepted MQTT connection is: a store (its StoreId) or an anonymous client, and its protocol version. Kept in
/// the MQTTnet session items at connect, where the publish and subscribe interceptors (and the will message) find it.
/// </summary>
public sealed record ClientIdentity(string? StoreId, MqttProtocolVersion ProtocolVersion)
{
    private const string SessionItemKey = "RetailVision.ClientIdentity";

    public bool IsAnonymous => StoreId is null;

    public void SaveTo(IDictionary sessionItems) => sessionItems[SessionItemKey] = this;

    /// <summary>The identity saved at connect, or null for a message the broker did not receive from a client.</summary>
    public static ClientIdentity? From(IDictionary? sessionItems) => sessionItems?[SessionItemKey] as ClientIdentity;
}
