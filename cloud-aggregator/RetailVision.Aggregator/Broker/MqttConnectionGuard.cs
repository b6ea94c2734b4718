using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// Kestrel connection middleware in front of the MQTT library on every broker listener. It copies the client's bytes
/// through a <see cref="MqttFrameScanner"/> into a small pipe the library reads, so a packet announced over the limit
/// is refused from its fixed header, before its body is buffered, and a client that sends no CONNECT in time, stalls
/// inside a packet or sends it slower than the minimum rate (<see cref="PacketPace"/>) is closed. An MQTT 5 client is
/// told why with a DISCONNECT reason code and string. Connections that have not logged in share the
/// <see cref="PreLoginBudget"/>; one that does not fit is refused before anything is read. A client that goes away in
/// the middle of a packet ends the library's read with an error at once: the library would otherwise wait for the rest
/// of a packet that can never come, at full speed. Closed connections are logged through the <see cref="RefusalLog"/>,
/// so a client that reconnects to repeat cannot flood the log.
/// When the server stops, Kestrel asks every connection to close and waits for them (up to the host's shutdown timeout);
/// the library does not heed that request, so the guard does: it tells an MQTT 5 client the server is shutting down
/// and ends the library's input, and the session ends at once.
/// </summary>
public sealed class MqttConnectionGuard(BrokerLimitsOptions limits, TimeProvider time, RefusalLog refusals, PreLoginBudget preLogin)
{
    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        if (!preLogin.TryReserve(limits.MaxConnectPacketBytes))
        {
            refusals.Violation(RefusalLog.AddressOf(connection.RemoteEndPoint), connection.ConnectionId,
                $"refused unread: connections not yet logged in hold {limits.PreLoginBudgetBytes} bytes already");
            return;
        }
        var reservation = new Reservation(preLogin, limits.MaxConnectPacketBytes);
        var original = connection.Transport;
        // The library buffers one whole packet; the pipe holds at most about two of them in front of it.
        var inbound = new Pipe(new PipeOptions(pauseWriterThreshold: 2L * limits.MaxPacketBytes + 4096,
            resumeWriterThreshold: limits.MaxPacketBytes, useSynchronizationContext: false));
        // The library's packets pass through a pipe of our own too, so a DISCONNECT of ours never lands inside one of them.
        var outbound = new Pipe(new PipeOptions(useSynchronizationContext: false));
        // The library's first packet is its answer to the login (CONNACK): from then on the connection is no stranger's.
        var socketOutput = new SerialOutput(original.Output, reservation.Release);
        var scanner = new MqttFrameScanner(limits.MaxPacketBytes, limits.MaxTopicBytes, limits.MaxConnectPacketBytes);
        connection.Transport = new GuardedTransport(inbound.Reader, outbound.Writer);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        var sending = socketOutput.CopyFromAsync(outbound.Reader, stop.Token);
        var closeRequested = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        var receiving = PumpAsync(connection, original.Input, inbound.Writer, scanner, socketOutput, closeRequested, stop.Token);
        try
        {
            await next(connection);
            // What the library wrote last (a CONNACK refusing the login, say) still goes out before the socket closes.
            await outbound.Writer.CompleteAsync();
            await sending.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            await stop.CancelAsync();
            await receiving;
            await sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            reservation.Release();
            connection.Transport = original;
        }
    }

    private async Task PumpAsync(ConnectionContext connection, PipeReader input, PipeWriter output, MqttFrameScanner scanner,
        SerialOutput socketOutput, CancellationToken closeRequested, CancellationToken stop)
    {
        var connectDeadline = time.GetUtcNow() + limits.ConnectTimeout;
        var pace = new PacketPace(limits.MinPacketBytesPerSecond, limits.MinPacketRateGrace);
        MqttStreamViolation? violation = null;
        var shuttingDown = false;
        try
        {
            while (true)
            {
                var limit = NextLimit(scanner, pace, connectDeadline);
                var (insidePacket, packet) = (scanner.IsInsidePacket, scanner.PacketsStarted);
                var waitStarted = time.GetTimestamp();
                ReadResult read;
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop, closeRequested))
                {
                    if (limit is { } l) timeout.CancelAfter(l.Wait);
                    try
                    {
                        read = await input.ReadAsync(timeout.Token);
                    }
                    catch (OperationCanceledException) when (closeRequested.IsCancellationRequested && !stop.IsCancellationRequested)
                    {
                        shuttingDown = true;
                        break;
                    }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        violation = new(MqttStreamViolationKind.Timeout, TimeoutReason(limit!.Value.Kind, scanner));
                        break;
                    }
                }
                if (insidePacket) pace.Waited(packet, time.GetElapsedTime(waitStarted));
                var buffer = read.Buffer;
                foreach (var segment in buffer)
                {
                    violation = scanner.Feed(segment.Span);
                    if (violation is not null) break;
                    output.Write(segment.Span);
                }
                input.AdvanceTo(buffer.End);
                if (violation is not null || read.IsCompleted) break;
                var flushed = await output.FlushAsync(stop);
                if (flushed.IsCompleted) break;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The library or the peer ended the connection.
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or InvalidOperationException)
        {
            // The socket failed under us; the library sees the end of its input and closes the session.
        }
        if (shuttingDown && scanner.ProtocolLevel == 5 && scanner.HasConnected)
            await socketOutput.SendLastAsync(MqttDisconnectPacket.Encode(MqttDisconnectPacket.ServerShuttingDown, "the aggregator is shutting down"));
        if (violation is null)
        {
            // A clean end between packets reads as the end of the stream; in the middle of one, it must read as an error,
            // or the library keeps asking for the rest of the packet without ever waiting.
            await output.CompleteAsync(scanner.IsInsidePacket
                ? new ConnectionAbortedException("the client closed the connection in the middle of a packet")
                : null);
            return;
        }
        refusals.Violation(RefusalLog.AddressOf(connection.RemoteEndPoint), connection.ConnectionId, violation.Reason);
        // MQTT 5 lets the server say why it closes; 3.1.1 has no such packet, but answers a refused CONNECT with a
        // CONNACK return code. Said before the library sees its input end.
        if (scanner.ProtocolLevel == 5 && scanner.HasConnected)
            await socketOutput.SendLastAsync(MqttDisconnectPacket.Encode((byte)violation.Kind, violation.Reason));
        else if (violation.Kind == MqttStreamViolationKind.ClientIdentifierNotValid)
            await socketOutput.SendLastAsync(Mqtt311ConnAckPacket.Refusal(Mqtt311ConnAckPacket.IdentifierRejected));
        await output.CompleteAsync(new ConnectionAbortedException(violation.Reason));
    }

    private enum ReadLimitKind
    {
        Connect,
        Stall,
        Pace,
    }

    private readonly record struct ReadLimit(TimeSpan Wait, ReadLimitKind Kind);

    /// <summary>
    /// How long the next read may wait: until the CONNECT deadline, the stall limit or what the minimum rate leaves
    /// inside a packet, else no limit (keep-alive is the library's).
    /// </summary>
    private ReadLimit? NextLimit(MqttFrameScanner scanner, PacketPace pace, DateTimeOffset connectDeadline)
    {
        ReadLimit? limit = null;
        if (!scanner.HasConnected) limit = new(connectDeadline - time.GetUtcNow(), ReadLimitKind.Connect);
        if (scanner.IsInsidePacket)
        {
            limit = Shorter(limit, new(limits.StallTimeout, ReadLimitKind.Stall));
            limit = Shorter(limit, new(pace.Allowance(scanner.PacketsStarted, scanner.PacketBytesReceived), ReadLimitKind.Pace));
        }
        return limit is not { } l || l.Wait > TimeSpan.Zero ? limit : l with { Wait = TimeSpan.FromMilliseconds(1) };
    }

    private static ReadLimit Shorter(ReadLimit? a, ReadLimit b) => a is { } l && l.Wait <= b.Wait ? l : b;

    /// <summary>Why a read that waited its limit out closes the connection, in the words the client is told.</summary>
    private string TimeoutReason(ReadLimitKind kind, MqttFrameScanner scanner) => kind switch
    {
        ReadLimitKind.Connect => $"no CONNECT within {limits.ConnectTimeout.TotalSeconds:0} s",
        ReadLimitKind.Stall => $"no byte for {limits.StallTimeout.TotalSeconds:0} s inside a packet",
        _ => $"a packet sent slower than {limits.MinPacketBytesPerSecond:0} bytes/s ({scanner.PacketBytesReceived} bytes so far)",
    };

    /// <summary>A connection's share of the <see cref="PreLoginBudget"/>, given back exactly once.</summary>
    private sealed class Reservation(PreLoginBudget budget, int bytes)
    {
        private int _released;

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) budget.Release(bytes);
        }
    }

    private sealed class GuardedTransport(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>The socket's output with one writer at a time: the library's packets, then at most one last packet of ours.</summary>
    private sealed class SerialOutput(PipeWriter socket, Action packetSent)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private bool _closed;

        public async Task CopyFromAsync(PipeReader packets, CancellationToken stop)
        {
            try
            {
                while (true)
                {
                    var read = await packets.ReadAsync(stop);
                    if (!read.Buffer.IsEmpty) packetSent();
                    await _gate.WaitAsync(stop);
                    try
                    {
                        if (_closed) return;
                        foreach (var segment in read.Buffer) socket.Write(segment.Span);
                        packets.AdvanceTo(read.Buffer.End);
                        await socket.FlushAsync(stop);
                    }
                    finally
                    {
                        _gate.Release();
                    }
                    if (read.IsCompleted) return;
                }
            }
            finally
            {
                await packets.CompleteAsync();
            }
        }

        public async Task SendLastAsync(byte[] packet)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await _gate.WaitAsync(timeout.Token);
                try
                {
                    _closed = true;
                    socket.Write(packet);
                    await socket.FlushAsync(timeout.Token);
                }
                finally
                {
                    _gate.Release();
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException or ConnectionResetException)
            {
                // The peer is already gone; there is nobody to tell.
            }
        }
    }
}
