namespace RetailVision.Aggregator.Broker;

/// <summary>
/// An MQTT 3.1.1 CONNACK refusing a connection: no session present, a return code, nothing else. Written by the
/// connection guard for a CONNECT it refuses before the library reads it.
/// </summary>
public static class Mqtt311ConnAckPacket
{
    public const byte IdentifierRejected = 2;

    public static byte[] Refusal(byte returnCode) => [0x20, 2, 0, returnCode];
}
