using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RetailVision.FaultTests.Support;

/// <summary>
/// MQTT written byte by byte over a plain socket, for what a well-behaved library will not send: fixed headers that
/// announce more than follows, packets cut off in the middle, topics with wildcards or broken UTF-8, connections from a
/// chosen loopback address. It reads the server's CONNACK and DISCONNECT with their reason codes and strings.
/// </summary>
public sealed class RawMqttClient : IDisposable
{
    public const byte Mqtt5 = 5;
    public const byte Mqtt311 = 4;

    /// <summary>The largest remaining length MQTT's four variable-length bytes can carry (256 MiB − 1).</summary>
    public const int MaxRemainingLength = 268_435_455;
    private const byte ConnAckType = 2;
    private const byte DisconnectType = 14;
    private const byte ReasonStringProperty = 0x1F;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawMqttClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>A TCP connection to the broker on 127.0.0.1, from <paramref name="localAddress"/> (any 127.0.0.0/8 address on Linux) when given.</summary>
    public static async Task<RawMqttClient> OpenAsync(int port, IPAddress? localAddress = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (localAddress is not null) socket.Bind(new IPEndPoint(localAddress, 0));
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return new RawMqttClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancel = default) => _stream.WriteAsync(bytes, cancel).AsTask();

    /// <summary>Sends CONNECT and waits for the CONNACK; null reason code when the server closed the connection instead.</summary>
    public async Task<ServerAnswer> ConnectAsync(string clientId, string? user, string? password, byte protocolLevel = Mqtt5, bool cleanStart = true,
        ushort keepAliveSeconds = 60)
    {
        await SendAsync(Connect(clientId, user, password, protocolLevel, cleanStart, keepAliveSeconds));
        var packet = await ReadPacketAsync(TimeSpan.FromSeconds(10));
        if (packet is not { Type: ConnAckType } connack) return new ServerAnswer(null, null);
        // Acknowledge flags, reason code (3.1.1: return code), then MQTT 5's properties.
        return new ServerAnswer(connack.Body[1], protocolLevel == Mqtt5 ? ReasonString(connack.Body, 2) : null);
    }

    /// <summary>
    /// Reads until the server closes the connection or <paramref name="timeout"/> passes, and returns how long that took
    /// and the DISCONNECT the server sent on the way, if any.
    /// </summary>
    public async Task<Closing> WaitForCloseAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        ServerAnswer? disconnect = null;
        while (clock.Elapsed < timeout)
        {
            Packet? packet;
            try
            {
                packet = await ReadPacketAsync(timeout - clock.Elapsed);
            }
            catch (TimeoutException)
            {
                break;
            }
            if (packet is null) return new Closing(true, clock.Elapsed, disconnect);
            if (packet.Type == DisconnectType)
                disconnect = new ServerAnswer(packet.Body.Length > 0 ? packet.Body[0] : (byte)0, ReasonString(packet.Body, 1));
        }
        return new Closing(false, clock.Elapsed, disconnect);
    }

    /// <summary>Closes the connection at once with a TCP reset, as a client that dies or is cut off would.</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _stream.Dispose();
    }

    public void Dispose() => _stream.Dispose();

    public static byte[] Connect(string clientId, string? user, string? password, byte protocolLevel = Mqtt5, bool cleanStart = true,
        ushort keepAliveSeconds = 60)
    {
        var flags = (byte)((user is null ? 0 : 0x80) | (password is null ? 0 : 0x40) | (cleanStart ? 0x02 : 0));
        var body = new List<byte>();
        body.AddRange(Utf8String("MQTT"));
        body.Add(protocolLevel);
        body.Add(flags);
        body.AddRange([(byte)(keepAliveSeconds >> 8), (byte)keepAliveSeconds]);
        if (protocolLevel == Mqtt5) body.Add(0); // no properties
        body.AddRange(Utf8String(clientId));
        if (user is not null) body.AddRange(Utf8String(user));
        if (password is not null) body.AddRange(Utf8String(password));
        return [0x10, .. RemainingLength(body.Count), .. body];
    }

    /// <summary>A whole QoS 0 PUBLISH with the topic's bytes as given (they may be anything, valid or not).</summary>
    public static byte[] Publish(byte[] topic, byte[] payload, byte protocolLevel = Mqtt5)
    {
        var properties = protocolLevel == Mqtt5 ? new byte[] { 0 } : [];
        var length = 2 + topic.Length + properties.Length + payload.Length;
        return [.. PublishHeader(topic, length, protocolLevel), .. payload];
    }

    /// <summary>A whole QoS 1 PUBLISH with the packet identifier as given (0 is what MQTT forbids).</summary>
    public static byte[] PublishQos1(byte[] topic, byte[] payload, ushort packetId, byte protocolLevel = Mqtt5)
    {
        var properties = protocolLevel == Mqtt5 ? new byte[] { 0 } : [];
        var length = 2 + topic.Length + 2 + properties.Length + payload.Length;
        return [0x32, .. RemainingLength(length), (byte)(topic.Length >> 8), (byte)topic.Length, .. topic,
            (byte)(packetId >> 8), (byte)packetId, .. properties, .. payload];
    }

    /// <summary>
    /// The start of a QoS 0 PUBLISH: fixed header announcing <paramref name="remainingLength"/> bytes, the topic and (MQTT 5)
    /// empty properties; the payload that the length promises is the caller's to send, or not.
    /// </summary>
    public static byte[] PublishHeader(byte[] topic, int remainingLength, byte protocolLevel = Mqtt5) =>
        [0x30, .. RemainingLength(remainingLength), (byte)(topic.Length >> 8), (byte)topic.Length, .. topic, .. protocolLevel == Mqtt5 ? new byte[] { 0 } : []];

    public static byte[] RemainingLength(int value)
    {
        var bytes = new List<byte>(4);
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            bytes.Add(value > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (value > 0);
        return [.. bytes];
    }

    private static byte[] Utf8String(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return [(byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes];
    }

    private sealed record Packet(byte Type, byte[] Body);

    /// <summary>The next whole packet from the server; null when it closed (or reset) the connection.</summary>
    private async Task<Packet?> ReadPacketAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var header = new byte[1];
            if (!await ReadExactlyAsync(header, cancel.Token)) return null;
            var (length, multiplier) = (0, 1);
            var b = new byte[1];
            do
            {
                if (!await ReadExactlyAsync(b, cancel.Token)) return null;
                length += (b[0] & 0x7F) * multiplier;
                multiplier *= 128;
            }
            while ((b[0] & 0x80) != 0);
            var body = new byte[length];
            return await ReadExactlyAsync(body, cancel.Token) ? new Packet((byte)(header[0] >> 4), body) : null;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no packet from the server within {timeout.TotalSeconds:0.#} s");
        }
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancel)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancel);
            return true;
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or SocketException)
        {
            return false;
        }
    }

    /// <summary>The Reason String among MQTT 5 properties that start at <paramref name="offset"/> (a length, then id/value pairs).</summary>
    private static string? ReasonString(byte[] body, int offset)
    {
        if (offset >= body.Length) return null;
        var (end, i) = ReadVariableLength(body, offset);
        end += i;
        while (i < end)
        {
            var id = body[i++];
            if (id == ReasonStringProperty) return Encoding.UTF8.GetString(body, i + 2, StringSize(body, i) - 2);
            i += PropertySize(id, body, i);
        }
        return null;
    }

    /// <summary>Bytes the value of property <paramref name="id"/> takes (MQTT 5, section 2.2.2.2).</summary>
    private static int PropertySize(byte id, byte[] body, int at) => id switch
    {
        0x01 or 0x17 or 0x19 or 0x24 or 0x25 or 0x28 or 0x29 or 0x2A => 1,
        0x13 or 0x21 or 0x22 or 0x23 => 2,
        0x02 or 0x11 or 0x18 or 0x27 => 4,
        0x0B => ReadVariableLength(body, at).Next - at,
        0x26 => StringSize(body, at) + StringSize(body, at + StringSize(body, at)), // a user property: two strings
        _ => StringSize(body, at), // strings and binary data
    };

    private static int StringSize(byte[] body, int at) => 2 + ((body[at] << 8) | body[at + 1]);

    private static (int Value, int Next) ReadVariableLength(byte[] body, int at)
    {
        var (value, multiplier) = (0, 1);
        byte b;
        do
        {
            b = body[at++];
            value += (b & 0x7F) * multiplier;
            multiplier *= 128;
        }
        while ((b & 0x80) != 0);
        return (value, at);
    }
}

/// <summary>A CONNACK's or DISCONNECT's reason code (null: no such packet came) and MQTT 5 reason string.</summary>
public sealed record ServerAnswer(byte? Code, string? Reason)
{
    public override string ToString() => Code is null ? "none" : $"0x{Code:X2} '{Reason}'";
}

/// <summary>Whether the server closed the connection, after how long, and what DISCONNECT it sent first.</summary>
public sealed record Closing(bool Closed, TimeSpan After, ServerAnswer? Disconnect);
