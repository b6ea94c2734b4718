using System.Collections.Concurrent;
using MQTTnet.Formatter;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// The protocol version of each client id's latest accepted connection. Kept here rather than in MQTTnet's session
/// items, which a resumed session keeps from the connection that first opened it. Bounded: when full it forgets, and
/// an unknown client is treated as MQTT 3.1.1, the safe side (its PUBACK cannot say no, so it is disconnected instead).
/// </summary>
public sealed class ClientProtocols
{
    private const int MaxClients = 100_000;
    private readonly ConcurrentDictionary<string, MqttProtocolVersion> _versions = new(StringComparer.Ordinal);

    public void Accepted(string clientId, MqttProtocolVersion version)
    {
        if (_versions.Count >= MaxClients) _versions.Clear();
        _versions[clientId] = version;
    }

    public bool CanRefuseInPubAck(string clientId) => _versions.TryGetValue(clientId, out var v) && v == MqttProtocolVersion.V500;
}
