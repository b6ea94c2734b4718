using System.Text;
using RetailVision.Aggregator.Broker;

namespace RetailVision.Aggregator.Tests.Broker;

public sealed class MqttFrameScannerTests
{
    private const int MaxPacket = 1024;
    private const int MaxConnect = 256;

    // CONNECT, MQTT 5, clean start, keep-alive 60, no properties, client id "c".
    private static readonly byte[] Connect = [0x10, 14, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 0x02, 0, 60, 0, 0, 1, (byte)'c'];

    private static byte[] Publish(byte[] topic, int payloadBytes = 3)
    {
        var remaining = 2 + topic.Length + 1 + payloadBytes;
        return [0x30, .. Length(remaining), (byte)(topic.Length >> 8), (byte)topic.Length, .. topic, 0, .. new byte[payloadBytes]];
    }

    private static byte[] Length(int value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value % 128);
            value /= 128;
            bytes.Add(value > 0 ? (byte)(b | 0x80) : b);
        } while (value > 0);
        return [.. bytes];
    }

    private static MqttStreamViolation? FeedByteByByte(MqttFrameScanner scanner, byte[] stream)
    {
        foreach (var b in stream)
            if (scanner.Feed([b]) is { } violation) return violation;
        return null;
    }

    [Fact]
    public void A_connect_then_publishes_pass_whole_or_a_byte_at_a_time()
    {
        byte[] stream = [.. Connect, .. Publish("retailvision/s/cam/events"u8.ToArray()), .. Publish("a/b"u8.ToArray(), 0)];

        var whole = new MqttFrameScanner(MaxPacket, 64, MaxConnect);
        Assert.Null(whole.Feed(stream));
        var bytewise = new MqttFrameScanner(MaxPacket, 64, MaxConnect);
        Assert.Null(FeedByteByByte(bytewise, stream));

        Assert.True(whole.HasConnected);
        Assert.Equal(5, whole.ProtocolLevel);
        Assert.False(whole.IsInsidePacket);
    }

    [Fact]
    public void A_packet_over_the_limit_is_refused_from_its_header_before_any_body_byte()
    {
        var scanner = new MqttFrameScanner(MaxPacket, 64, MaxConnect);
        Assert.Null(scanner.Feed(Connect));

        // 256 MiB − 1, the largest length MQTT can announce: refused on the first length byte that passes the limit.
        var violation = scanner.Feed([0x30, .. Length(MqttFrameScanner.MaxRemainingLength)]);

        Assert.Equal(MqttStreamViolationKind.PacketTooLarge, violation?.Kind);
        Assert.Contains("limit is 1024", violation!.Reason);
    }

    [Fact]
    public void A_packet_exactly_at_the_limit_passes()
    {
        var scanner = new MqttFrameScanner(MaxPacket, 64, MaxConnect);
        var topic = "t"u8.ToArray();
        Assert.Null(scanner.Feed([.. Connect, .. Publish(topic, MaxPacket - 2 - topic.Length - 1)]));
        Assert.Equal(MqttStreamViolationKind.PacketTooLarge, scanner.Feed(Publish(topic, MaxPacket - 2 - topic.Length))?.Kind);
    }

    [Fact]
    public void The_first_packet_must_be_connect_and_only_the_first()
    {
        Assert.Equal(MqttStreamViolationKind.ProtocolError, new MqttFrameScanner(MaxPacket, 64, MaxConnect).Feed(Publish("t"u8.ToArray()))?.Kind);
        Assert.Equal(MqttStreamViolationKind.ProtocolError, new MqttFrameScanner(MaxPacket, 64, MaxConnect).Feed([.. Connect, .. Connect])?.Kind);
    }

    [Fact]
    public void A_fifth_length_byte_is_malformed() =>
        Assert.Equal(MqttStreamViolationKind.MalformedPacket,
            new MqttFrameScanner(int.MaxValue, 64, MaxConnect).Feed([.. Connect, 0x30, 0x80, 0x80, 0x80, 0x80, 0x01])?.Kind);

    [Theory]
    [InlineData("retailvision/+/cam/events")]
    [InlineData("retailvision/#")]
    [InlineData("retailvision/s\0/cam/events")]
    public void Publish_topics_with_wildcards_or_nul_are_refused(string topic)
    {
        var scanner = new MqttFrameScanner(MaxPacket, 64, MaxConnect);
        var violation = FeedByteByByte(scanner, [.. Connect, .. Publish(Encoding.UTF8.GetBytes(topic))]);
        Assert.Equal(MqttStreamViolationKind.TopicNameInvalid, violation?.Kind);
    }

    [Fact]
    public void Publish_topics_of_invalid_utf8_or_over_the_topic_limit_are_refused()
    {
        Assert.Contains("UTF-8", new MqttFrameScanner(MaxPacket, 64, MaxConnect).Feed([.. Connect, .. Publish([(byte)'a', 0xC3, 0x28])])?.Reason);
        Assert.Contains("limit is 8", new MqttFrameScanner(MaxPacket, 8, MaxConnect).Feed([.. Connect, .. Publish("retailvision/s"u8.ToArray())])?.Reason);
        Assert.Null(new MqttFrameScanner(MaxPacket, 64, MaxConnect).Feed([.. Connect, .. Publish("caf\u00e9/€"u8.ToArray())]));
    }

    [Fact]
    public void A_topic_longer_than_its_packet_is_malformed()
    {
        byte[] publish = [0x30, 4, 0, 10, (byte)'a', (byte)'b'];
        Assert.Equal(MqttStreamViolationKind.MalformedPacket, new MqttFrameScanner(MaxPacket, 64, MaxConnect).Feed([.. Connect, .. publish])?.Kind);
    }

    [Fact]
    public void It_knows_when_a_client_stops_inside_a_packet()
    {
        var scanner = new MqttFrameScanner(MaxPacket, 64, MaxConnect);
        Assert.Null(scanner.Feed(Connect[..5]));
        Assert.True(scanner.IsInsidePacket);
        Assert.False(scanner.HasConnected);
        Assert.Null(scanner.Feed(Connect[5..]));
        Assert.False(scanner.IsInsidePacket);
        Assert.True(scanner.HasConnected);
    }

    [Fact]
    public void A_connect_has_its_own_smaller_limit()
    {
        // A CONNECT announcing 300 bytes: over the CONNECT limit, though far under the packet limit.
        var violation = new MqttFrameScanner(MaxPacket, 64, MaxConnect).Feed([0x10, .. Length(300)]);
        Assert.Equal(MqttStreamViolationKind.PacketTooLarge, violation?.Kind);
        Assert.Contains("CONNECT of 300+ bytes", violation?.Reason);
        // A PUBLISH of the same size after the login passes.
        Assert.Null(new MqttFrameScanner(MaxPacket, 64, MaxConnect).Feed([.. Connect, .. Publish("a/b"u8.ToArray(), 290)]));
    }

    [Theory]
    [InlineData(0x32, 0, 0, true)] // PUBLISH QoS 1, packet id 0
    [InlineData(0x34, 0, 0, true)] // PUBLISH QoS 2, packet id 0
    [InlineData(0x32, 0, 1, false)]
    [InlineData(0x32, 1, 0, false)] // id 256
    public void A_qos_publish_needs_a_non_zero_packet_id(byte header, byte idHigh, byte idLow, bool refused)
    {
        byte[] topic = "a/b"u8.ToArray();
        byte[] publish = [header, (byte)(2 + topic.Length + 2 + 1 + 3), 0, (byte)topic.Length, .. topic, idHigh, idLow, 0, 1, 2, 3];
        var whole = new MqttFrameScanner(MaxPacket, 64, MaxConnect).Feed([.. Connect, .. publish]);
        var bytewise = FeedByteByByte(new MqttFrameScanner(MaxPacket, 64, MaxConnect), [.. Connect, .. publish]);
        Assert.Equal(refused ? MqttStreamViolationKind.ProtocolError : null, whole?.Kind);
        Assert.Equal(whole?.Reason, bytewise?.Reason);
        if (refused) Assert.Contains("packet identifier 0", whole?.Reason);
    }

    [Fact]
    public void A_qos_publish_by_topic_alias_needs_a_packet_id_too()
    {
        byte[] aliased = [0x32, 2 + 2 + 1, 0, 0, 0, 0, 0];
        Assert.Equal(MqttStreamViolationKind.ProtocolError, new MqttFrameScanner(MaxPacket, 64, MaxConnect).Feed([.. Connect, .. aliased])?.Kind);
    }

    [Fact]
    public void Subscribe_and_unsubscribe_need_a_non_zero_packet_id()
    {
        byte[] subscribe = [0x82, 2 + 1 + 2 + 3 + 1, 0, 0, 0, 0, 3, (byte)'a', (byte)'/', (byte)'b', 1];
        byte[] unsubscribe = [0xA2, 2 + 1 + 2 + 3, 0, 0, 0, 0, 3, (byte)'a', (byte)'/', (byte)'b'];
        Assert.Equal(MqttStreamViolationKind.ProtocolError, new MqttFrameScanner(MaxPacket, 64, MaxConnect).Feed([.. Connect, .. subscribe])?.Kind);
        Assert.Equal(MqttStreamViolationKind.ProtocolError, new MqttFrameScanner(MaxPacket, 64, MaxConnect).Feed([.. Connect, .. unsubscribe])?.Kind);
        subscribe[3] = 7;
        Assert.Null(new MqttFrameScanner(MaxPacket, 64, MaxConnect).Feed([.. Connect, .. subscribe]));
    }

    [Fact]
    public void A_publish_with_qos_3_is_malformed()
    {
        Assert.Equal(MqttStreamViolationKind.MalformedPacket, new MqttFrameScanner(MaxPacket, 64, MaxConnect).Feed([.. Connect, 0x36, 0])?.Kind);
    }

    [Fact]
    public void It_counts_the_bytes_of_the_packet_in_progress()
    {
        var scanner = new MqttFrameScanner(MaxPacket, 64, MaxConnect);
        Assert.Null(scanner.Feed(Connect));
        var publish = Publish("a/b"u8.ToArray(), 100);
        Assert.Null(scanner.Feed(publish[..40]));
        Assert.Equal(40, scanner.PacketBytesReceived);
        Assert.Equal(2, scanner.PacketsStarted);
        Assert.Null(scanner.Feed(publish[40..]));
        Assert.Equal(0, scanner.PacketBytesReceived);
    }

    [Theory]
    [InlineData(4, 0x00, "", true)]
    [InlineData(4, 0x02, "", false)]
    [InlineData(4, 0x00, "c", false)]
    [InlineData(5, 0x00, "", false)]
    public void An_mqtt_311_connect_with_no_client_id_must_ask_for_a_clean_session(byte level, byte flags, string clientId, bool refused)
    {
        // CONNECT: protocol name, level, flags, keep-alive 60, (MQTT 5: no properties), client id.
        byte[] body = [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', level, flags, 0, 60, .. level == 5 ? new byte[] { 0 } : [],
            0, (byte)clientId.Length, .. Encoding.UTF8.GetBytes(clientId)];
        byte[] connect = [0x10, (byte)body.Length, .. body];

        var whole = new MqttFrameScanner(MaxPacket, 64, MaxConnect).Feed(connect);
        var bytewise = FeedByteByByte(new MqttFrameScanner(MaxPacket, 64, MaxConnect), connect);

        Assert.Equal(refused ? MqttStreamViolationKind.ClientIdentifierNotValid : null, whole?.Kind);
        Assert.Equal(whole, bytewise);
    }
}
