using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// Kestrel connection middleware in front of the MQTT library on every broker listener. It copies the client's bytes
/// through a <see cref="MqttFrameScanner"/> into a small pipe the library reads, so a packet announced over the limit
/// is refused from its fixed header, before its body is buffered, and a client that sends no CONNECT in time, or
/// stalls inside a packet, is closed. An MQTT 5 client is told why with a DISCONNECT reason code and string. Closed
/// connections are logged through the <see cref="RefusalLog"/>, so a client that reconnects to repeat cannot flood the log.
/// When the server stops, Kestrel asks every connection to close and waits for them (up to the host's shutdown timeout);
/// the library does not heed that request, so the guard does: it tells an MQTT 5 client the server is shutting down
/// and ends the library's input, and the session ends at once.
/// </summary>
public sealed class MqttConnectionGuard(BrokerLimitsOptions limits, TimeProvider time, RefusalLog refusals)
{
    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var original = connection.Transport;
        // The library buffers one whole packet; the pipe holds at most about two of them in front of it.
        var inbound = new Pipe(new PipeOptions(pauseWriterThreshold: 2L * limits.MaxPacketBytes + 4096,
            resumeWriterThreshold: limits.MaxPacketBytes, useSynchronizationContext: false));
        // The library's packets pass through a pipe of our own too, so a DISCONNECT of ours never lands inside one of them.
        var outbound = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var socketOutput = new SerialOutput(original.Output);
        var scanner = new MqttFrameScanner(limits.MaxPacketBytes, limits.MaxTopicBytes);
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
            connection.Transport = original;
        }
    }

    private async Task PumpAsync(ConnectionContext connection, PipeReader input, PipeWriter output, MqttFrameScanner scanner,
        SerialOutput socketOutput, CancellationToken closeRequested, CancellationToken stop)
    {
        var connectDeadline = time.GetUtcNow() + limits.ConnectTimeout;
        MqttStreamViolation? violation = null;
        var shuttingDown = false;
        try
        {
            while (true)
            {
                var wait = NextWait(scanner, connectDeadline);
                ReadResult read;
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop, closeRequested))
                {
                    if (wait is { } limit) timeout.CancelAfter(limit);
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
                        violation = new(MqttStreamViolationKind.Timeout, scanner.HasConnected
                            ? $"no byte for {limits.StallTimeout.TotalSeconds:0} s inside a packet"
                            : $"no CONNECT within {limits.ConnectTimeout.TotalSeconds:0} s");
                        break;
                    }
                }
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
        if (shuttingDown)
        {
            if (scanner.ProtocolLevel == 5 && scanner.HasConnected)
                await socketOutput.SendLastAsync(MqttDisconnectPacket.Encode(MqttDisconnectPacket.ServerShuttingDown, "the aggregator is shutting down"));
            await output.CompleteAsync();
            return;
        }
        if (violation is null)
        {
            await output.CompleteAsync();
            return;
        }
        refusals.Violation(RefusalLog.AddressOf(connection.RemoteEndPoint), connection.ConnectionId, violation.Reason);
        // MQTT 5 lets the server say why it closes; 3.1.1 has no such packet. Said before the library sees its input end.
        if (scanner.ProtocolLevel == 5 && scanner.HasConnected)
            await socketOutput.SendLastAsync(MqttDisconnectPacket.Encode((byte)violation.Kind, violation.Reason));
        await output.CompleteAsync(new ConnectionAbortedException(violation.Reason));
    }

    /// <summary>How long the next read may wait: until the CONNECT deadline, the stall limit inside a packet, else forever (keep-alive is the library's).</summary>
    private TimeSpan? NextWait(MqttFrameScanner scanner, DateTimeOffset connectDeadline)
    {
        if (!scanner.HasConnected)
        {
            var left = connectDeadline - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
        }
        return scanner.IsInsidePacket ? limits.StallTimeout : null;
    }

    private sealed class GuardedTransport(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>The socket's output with one writer at a time: the library's packets, then at most one last packet of ours.</summary>
    private sealed class SerialOutput(PipeWriter socket)
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
