using System.Text.Unicode;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// Reads the raw bytes a client sends, before the MQTT library buffers them, and stops the connection at the first
/// fixed header that announces a packet over the limit, so an announced size is never allocated or waited for. It also
/// refuses what the library would accept leniently: a first packet that is not CONNECT, a malformed remaining length,
/// PUBLISH topics with wildcards, U+0000 or invalid UTF-8, QoS 3, and packet identifier 0 where one is required; and an
/// MQTT 3.1.1 CONNECT the library would drop without the CONNACK the protocol asks for. A CONNECT has its own, much
/// smaller size limit: it arrives before the client has logged in. Pure state machine: bytes in, a verdict out.
/// </summary>
public sealed class MqttFrameScanner(int maxPacketBytes, int maxTopicBytes, int maxConnectBytes)
{
    /// <summary>The largest remaining length four variable-length bytes can carry (MQTT's own limit, 256 MiB − 1).</summary>
    public const int MaxRemainingLength = 268_435_455;

    private const byte ConnectType = 1;
    private const byte PublishType = 3;
    private const byte SubscribeType = 8;
    private const byte UnsubscribeType = 10;
    private const byte Mqtt311 = 4;
    private const byte CleanSessionFlag = 0x02;

    private readonly byte[] _topic = new byte[maxTopicBytes];
    private State _state = State.Header;
    private byte _packetType;
    private byte _flags;
    private int _remaining;
    private int _lengthMultiplier;
    private int _lengthBytes;
    private int _bodyOffset;
    private int _topicLength;
    private int _packetId;
    private byte _connectFlags;
    private int _clientIdLength = -1;

    private enum State
    {
        Header,
        Length,
        Body,
    }

    /// <summary>True between the first byte of a packet and its last: a client that stops here is stalling.</summary>
    public bool IsInsidePacket => _state != State.Header;

    /// <summary>Bytes of the packet in progress received so far (fixed header included); 0 between packets.</summary>
    public int PacketBytesReceived { get; private set; }

    /// <summary>Packets begun on this connection, so a caller can tell a new packet from the one it was timing.</summary>
    public long PacketsStarted { get; private set; }

    /// <summary>True once a whole CONNECT packet has arrived.</summary>
    public bool HasConnected { get; private set; }

    /// <summary>The protocol level the CONNECT asked for (4 = MQTT 3.1.1, 5 = MQTT 5), 0 before it is known.</summary>
    public byte ProtocolLevel { get; private set; }

    /// <summary>Feeds the next bytes of the stream; the first violation ends the scan and is returned.</summary>
    public MqttStreamViolation? Feed(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            switch (_state)
            {
                case State.Header:
                    _flags = (byte)(bytes[i] & 0x0F);
                    _packetType = (byte)(bytes[i++] >> 4);
                    PacketsStarted++;
                    PacketBytesReceived = 1;
                    if (!HasConnected && _packetType != ConnectType)
                        return new(MqttStreamViolationKind.ProtocolError, "the first packet must be CONNECT");
                    if (HasConnected && _packetType == ConnectType)
                        return new(MqttStreamViolationKind.ProtocolError, "a second CONNECT on one connection");
                    if (_packetType == PublishType && (_flags & 0x06) == 0x06)
                        return new(MqttStreamViolationKind.MalformedPacket, "PUBLISH with QoS 3");
                    (_remaining, _lengthMultiplier, _lengthBytes) = (0, 1, 0);
                    _state = State.Length;
                    break;
                case State.Length:
                {
                    var b = bytes[i++];
                    PacketBytesReceived++;
                    _remaining += (b & 0x7F) * _lengthMultiplier;
                    _lengthMultiplier *= 128;
                    if ((b & 0x80) != 0)
                    {
                        if (_remaining > Limit) return TooLarge();
                        // The protocol allows four length bytes; a fifth is malformed, whatever it would add up to.
                        if (++_lengthBytes == 4) return new(MqttStreamViolationKind.MalformedPacket, "remaining length longer than four bytes");
                        break;
                    }
                    if (_remaining > Limit) return TooLarge();
                    (_bodyOffset, _topicLength, _packetId) = (0, -1, 0);
                    _state = State.Body;
                    if (_remaining == 0)
                    {
                        var ended = EndPacket();
                        if (ended is not null) return ended;
                    }
                    break;
                }
                case State.Body:
                {
                    var take = Math.Min(_remaining - _bodyOffset, bytes.Length - i);
                    var violation = Inspect(bytes.Slice(i, take));
                    if (violation is not null) return violation;
                    _bodyOffset += take;
                    PacketBytesReceived += take;
                    i += take;
                    if (_bodyOffset == _remaining)
                    {
                        var ended = EndPacket();
                        if (ended is not null) return ended;
                    }
                    break;
                }
            }
        }
        return null;
    }

    private int Limit => _packetType == ConnectType ? maxConnectBytes : maxPacketBytes;

    private MqttStreamViolation TooLarge() =>
        new(MqttStreamViolationKind.PacketTooLarge, $"{(_packetType == ConnectType ? "CONNECT" : "packet")} of {_remaining}+ bytes announced; the limit is {Limit}");

    /// <summary>Looks at the body bytes the checks need: CONNECT's protocol level, PUBLISH's topic, packet identifiers.</summary>
    private MqttStreamViolation? Inspect(ReadOnlySpan<byte> chunk)
    {
        for (var k = 0; k < chunk.Length; k++)
        {
            var offset = _bodyOffset + k;
            var b = chunk[k];
            if (_packetType == ConnectType)
            {
                // Protocol name "MQTT" (2-byte length + 4 bytes), the level byte, the connect flags, the keep-alive
                // (2 bytes), then in MQTT 3.1.1 the client id's 2-byte length.
                switch (offset)
                {
                    case 6: ProtocolLevel = b; break;
                    case 7: _connectFlags = b; break;
                    case 10: _clientIdLength = b << 8; break;
                    case 11: _clientIdLength |= b; break;
                }
                if (offset >= 11) return null;
                continue;
            }
            if (_packetType is SubscribeType or UnsubscribeType)
            {
                if (offset > 1) return null;
                var zero = PacketIdByte(offset, b);
                if (zero is not null) return zero;
                continue;
            }
            if (_packetType != PublishType) return null;
            if (offset == 0)
            {
                _topicLength = b << 8;
                continue;
            }
            if (offset == 1)
            {
                _topicLength |= b;
                if (_topicLength > maxTopicBytes)
                    return new(MqttStreamViolationKind.TopicNameInvalid, $"topic of {_topicLength} bytes; the limit is {maxTopicBytes}");
                if (_topicLength + 2 > _remaining)
                    return new(MqttStreamViolationKind.MalformedPacket, "topic longer than its PUBLISH packet");
                // An empty topic (MQTT 5 topic alias) has nothing to check but the packet identifier.
                if (_topicLength == 0 && (_flags & 0x06) == 0) return null;
                continue;
            }
            var topicIndex = offset - 2;
            if (topicIndex >= _topicLength)
            {
                // QoS 1 and 2 carry a packet identifier right after the topic; QoS 0 none.
                var idOffset = topicIndex - _topicLength;
                if ((_flags & 0x06) == 0 || idOffset > 1) return null;
                var zero = PacketIdByte(idOffset, b);
                if (zero is not null) return zero;
                continue;
            }
            _topic[topicIndex] = b;
            if (topicIndex == _topicLength - 1)
            {
                var violation = CheckTopic(_topic.AsSpan(0, _topicLength));
                if (violation is not null || (_flags & 0x06) == 0) return violation;
            }
        }
        return null;
    }

    /// <summary>Takes byte <paramref name="index"/> (0 or 1) of a packet identifier; the second byte of an identifier 0 is a violation.</summary>
    private MqttStreamViolation? PacketIdByte(int index, byte b)
    {
        _packetId = index == 0 ? b << 8 : _packetId | b;
        return index == 1 && _packetId == 0
            ? new(MqttStreamViolationKind.ProtocolError, "packet identifier 0; a PUBLISH with QoS 1 or 2, SUBSCRIBE and UNSUBSCRIBE need a non-zero one")
            : null;
    }

    private static MqttStreamViolation? CheckTopic(ReadOnlySpan<byte> topic)
    {
        if (!Utf8.IsValid(topic)) return new(MqttStreamViolationKind.TopicNameInvalid, "topic is not valid UTF-8");
        if (topic.IndexOfAny((byte)'+', (byte)'#', (byte)0) >= 0)
            return new(MqttStreamViolationKind.TopicNameInvalid, "topic of a PUBLISH holds a wildcard ('+' or '#') or U+0000");
        return null;
    }

    private MqttStreamViolation? EndPacket()
    {
        if (_packetType == ConnectType)
        {
            if (ProtocolLevel == 0) return new(MqttStreamViolationKind.MalformedPacket, "CONNECT too short to name a protocol level");
            // MQTT 3.1.1 leaves a server nothing to resume a persistent session by without a client id [MQTT-3.1.3-8].
            if (ProtocolLevel == Mqtt311 && (_connectFlags & CleanSessionFlag) == 0 && _clientIdLength == 0)
                return new(MqttStreamViolationKind.ClientIdentifierNotValid, "an empty client id needs a clean session (CleanSession=1) in MQTT 3.1.1");
            HasConnected = true;
        }
        _state = State.Header;
        PacketBytesReceived = 0;
        return null;
    }
}

/// <summary>Why a connection's byte stream was stopped; <see cref="Kind"/> maps to an MQTT 5 reason code.</summary>
public sealed record MqttStreamViolation(MqttStreamViolationKind Kind, string Reason);

public enum MqttStreamViolationKind
{
    MalformedPacket = 0x81,
    ProtocolError = 0x82,
    /// <summary>Refused in the CONNACK, which MQTT 3.1.1 answers with return code 2, "identifier rejected".</summary>
    ClientIdentifierNotValid = 0x85,
    TopicNameInvalid = 0x90,
    PacketTooLarge = 0x95,
    /// <summary>No CONNECT in time, or no byte for too long inside a packet.</summary>
    Timeout = 0x8D,
}
