using System.Text;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// An MQTT 5 DISCONNECT sent by the server: reason code plus a Reason String property (0x1F). Written by the connection
/// guard after the library has let go of the connection, so it never interleaves with the library's own packets.
/// </summary>
public static class MqttDisconnectPacket
{
    /// <summary>Reason code 0x8B: the server is shutting down.</summary>
    public const byte ServerShuttingDown = 0x8B;

    private const byte PacketType = 0xE0;
    private const byte ReasonStringProperty = 0x1F;
    private const int MaxReasonBytes = 256;

    public static byte[] Encode(byte reasonCode, string reason)
    {
        var text = Encoding.UTF8.GetBytes(reason);
        if (text.Length > MaxReasonBytes) text = text[..MaxReasonBytes];
        var propertiesLength = 1 + 2 + text.Length;
        var remaining = 1 + VariableLengthSize(propertiesLength) + propertiesLength;
        var packet = new byte[1 + VariableLengthSize(remaining) + remaining];
        var i = 0;
        packet[i++] = PacketType;
        i = WriteVariableLength(packet, i, remaining);
        packet[i++] = reasonCode;
        i = WriteVariableLength(packet, i, propertiesLength);
        packet[i++] = ReasonStringProperty;
        packet[i++] = (byte)(text.Length >> 8);
        packet[i++] = (byte)text.Length;
        text.CopyTo(packet, i);
        return packet;
    }

    private static int VariableLengthSize(int value) => value < 128 ? 1 : value < 16_384 ? 2 : 3;

    private static int WriteVariableLength(byte[] buffer, int index, int value)
    {
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            buffer[index++] = value > 0 ? (byte)(digit | 0x80) : digit;
        }
        while (value > 0);
        return index;
    }
}
