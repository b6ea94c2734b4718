using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// The byte and message bounds of the embedded broker's subscriber queues. A message is admitted before MQTTnet
/// queues it and counted until it leaves the broker's memory: sent (QoS 0), acknowledged (QoS 1 and 2), discarded
/// unsent when its session resumes (QoS 0), or with its whole session. A release never takes more than the session
/// holds, so an event MQTTnet reports twice cannot free budget that other sessions use.
/// </summary>
public sealed class QueueBudget(BrokerQueueOptions options, int maxMessagesPerClient)
{
    private readonly Lock _lock = new();
    private readonly long _telemetryBytesPerClient = (long)(options.MaxBytesPerClient * options.TelemetryShare);
    private readonly long _telemetryBytes = (long)(options.MaxBytes * options.TelemetryShare);
    private long _messages;
    private long _bytes;

    public long Messages
    {
        get
        {
            lock (_lock) return _messages;
        }
    }

    public long Bytes
    {
        get
        {
            lock (_lock) return _bytes;
        }
    }

    /// <summary>Counts the message into the session's queue if every bound allows it.</summary>
    /// <param name="atMostOnce">Published at QoS 0, so it leaves when sent, or unsent when the session resumes.</param>
    public QueueAdmission Admit(SessionQueue queue, long bytes, bool isTelemetry, bool atMostOnce)
    {
        lock (_lock)
        {
            // A message racing its session's deletion goes into a queue that is about to be freed.
            if (queue.IsDiscarded) return QueueAdmission.Admitted;
            if (isTelemetry && (queue.Bytes + bytes > _telemetryBytesPerClient || _bytes + bytes > _telemetryBytes))
                return QueueAdmission.TelemetryShareFull;
            if (queue.Messages >= maxMessagesPerClient || queue.Bytes + bytes > options.MaxBytesPerClient)
                return QueueAdmission.ClientQueueFull;
            if (_bytes + bytes > options.MaxBytes) return QueueAdmission.BrokerQueuesFull;
            queue.Messages++;
            queue.Bytes += bytes;
            if (atMostOnce)
            {
                queue.AtMostOnceMessages++;
                queue.AtMostOnceBytes += bytes;
            }
            _messages++;
            _bytes += bytes;
            return QueueAdmission.Admitted;
        }
    }

    /// <summary>A QoS 0 message was written to the client.</summary>
    public void Sent(SessionQueue queue, long bytes)
    {
        lock (_lock)
        {
            Release(queue, 1, bytes);
            var atMostOnceBytes = Math.Min(bytes, queue.AtMostOnceBytes);
            queue.AtMostOnceBytes -= atMostOnceBytes;
            queue.AtMostOnceMessages = Math.Max(0, queue.AtMostOnceMessages - 1);
        }
    }

    /// <summary>The client acknowledged a QoS 1 or 2 message (PUBACK or PUBCOMP), or MQTTnet dropped one that was admitted.</summary>
    public void Released(SessionQueue queue, long bytes)
    {
        lock (_lock) Release(queue, 1, bytes);
    }

    /// <summary>The session resumed: MQTTnet re-queues the unacknowledged QoS 1 and 2 messages and discards the QoS 0 ones.</summary>
    public void Resumed(SessionQueue queue)
    {
        lock (_lock)
        {
            Release(queue, queue.AtMostOnceMessages, queue.AtMostOnceBytes);
            queue.AtMostOnceMessages = queue.AtMostOnceBytes = 0;
        }
    }

    /// <summary>The session was deleted or replaced by a clean start: all it held is freed.</summary>
    public void Discard(SessionQueue queue)
    {
        lock (_lock)
        {
            Release(queue, queue.Messages, queue.Bytes);
            queue.AtMostOnceMessages = queue.AtMostOnceBytes = 0;
            queue.IsDiscarded = true;
        }
    }

    private void Release(SessionQueue queue, long messages, long bytes)
    {
        messages = Math.Min(messages, queue.Messages);
        bytes = Math.Min(bytes, queue.Bytes);
        queue.Messages -= messages;
        queue.Bytes -= bytes;
        _messages -= messages;
        _bytes -= bytes;
    }
}
