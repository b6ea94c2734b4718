using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;
using RetailVision.Aggregator.Configuration;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// Follows every message MQTTnet queues for a subscriber through the server's events and keeps
/// <see cref="QueueBudget"/> in step: admitted (or refused, counted and logged) before it is queued, released when it
/// is sent at QoS 0, acknowledged at QoS 1 or 2, discarded by a resumed session, or freed with its whole session.
/// Each session's count sits in the session's own items, so a clean start that replaces a session frees the old count
/// even though MQTTnet reports no deletion for it.
/// </summary>
/// <remarks>
/// What MQTTnet 5.2 does not report is counted on the safe side or left to the bounds: a QoS 1 message that a QoS 0
/// subscription downgrades stays counted if its session resumes before it was sent (freed with the session); retained
/// messages replayed on SUBSCRIBE are not admitted (they are few, see the per-store retained budget).
/// </remarks>
public sealed class SessionQueueTracker(QueueBudget budget, IOptions<AggregatorOptions> options, BrokerStatus status, RefusalLog refusals)
{
    private const string ItemKey = "retailvision:session-queue";
    private readonly string _prefix = options.Value.TopicPrefix;
    private readonly BrokerOptions _broker = options.Value.Broker;

    // The current session of each client id, for the enqueue event, which carries no session items.
    private readonly ConcurrentDictionary<string, SessionQueue> _sessions = new(StringComparer.Ordinal);

    public void Attach(MqttServer server)
    {
        server.ClientConnectedAsync += OnConnectedAsync;
        server.InterceptingClientEnqueueAsync += OnEnqueueAsync;
        server.ApplicationMessageEnqueuedOrDroppedAsync += OnEnqueuedOrDroppedAsync;
        server.InterceptingOutboundPacketAsync += OnOutboundAsync;
        server.ClientAcknowledgedPublishPacketAsync += OnAcknowledgedAsync;
        server.SessionDeletedAsync += OnSessionDeletedAsync;
    }

    private Task OnConnectedAsync(ClientConnectedEventArgs args)
    {
        var queue = QueueOf(args.SessionItems);
        if (queue is null)
        {
            queue = new SessionQueue();
            args.SessionItems[ItemKey] = queue;
        }
        else
        {
            budget.Resumed(queue);
        }
        // A session this client id had before was replaced (clean start, or expired): it is gone with its queue.
        if (_sessions.TryGetValue(args.ClientId, out var earlier) && earlier != queue) budget.Discard(earlier);
        _sessions[args.ClientId] = queue;
        Publish();
        return Task.CompletedTask;
    }

    private Task OnEnqueueAsync(InterceptingClientApplicationMessageEnqueueEventArgs args)
    {
        var message = args.ApplicationMessage;
        var queue = _sessions.GetOrAdd(args.ReceiverClientId, _ => new SessionQueue());
        var isTelemetry = MqttTopics.IsTelemetry(_prefix, message.Topic);
        var bytes = QueuedMessageSize.Of(message);
        var admission = budget.Admit(queue, bytes, isTelemetry, message.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce);
        if (admission == QueueAdmission.Admitted)
        {
            Publish();
            return Task.CompletedTask;
        }
        args.AcceptEnqueue = false;
        Dropped(args.ReceiverClientId, message.Topic, isTelemetry, Reason(admission, queue));
        return Task.CompletedTask;
    }

    // MQTTnet's own message bound is a backstop (the budget counts more than MQTTnet does): give back what it dropped.
    private Task OnEnqueuedOrDroppedAsync(ApplicationMessageEnqueuedEventArgs args)
    {
        if (!args.IsDropped || !_sessions.TryGetValue(args.ReceiverClientId, out var queue)) return Task.CompletedTask;
        budget.Released(queue, QueuedMessageSize.Of(args.ApplicationMessage));
        Dropped(args.ReceiverClientId, args.ApplicationMessage.Topic, MqttTopics.IsTelemetry(_prefix, args.ApplicationMessage.Topic),
            $"it holds {_broker.MaxPendingMessagesPerClient} messages");
        Publish();
        return Task.CompletedTask;
    }

    private Task OnOutboundAsync(InterceptingPacketEventArgs args)
    {
        if (args.Packet is MqttPublishPacket { QualityOfServiceLevel: MqttQualityOfServiceLevel.AtMostOnce } publish && QueueOf(args.SessionItems) is { } queue)
        {
            budget.Sent(queue, QueuedMessageSize.Of(publish));
            Publish();
        }
        return Task.CompletedTask;
    }

    private Task OnAcknowledgedAsync(ClientAcknowledgedPublishPacketEventArgs args)
    {
        if (QueueOf(args.SessionItems) is { } queue)
        {
            budget.Released(queue, QueuedMessageSize.Of(args.PublishPacket));
            Publish();
        }
        return Task.CompletedTask;
    }

    private Task OnSessionDeletedAsync(SessionDeletedEventArgs args)
    {
        if (QueueOf(args.SessionItems) is not { } queue) return Task.CompletedTask;
        budget.Discard(queue);
        _sessions.TryRemove(new KeyValuePair<string, SessionQueue>(args.Id, queue));
        Publish();
        return Task.CompletedTask;
    }

    private void Dropped(string receiverClientId, string topic, bool isTelemetry, string reason)
    {
        if (isTelemetry) status.TelemetryDropped();
        else status.MessageDropped();
        refusals.QueueDrop(receiverClientId, topic, reason);
    }

    private string Reason(QueueAdmission admission, SessionQueue queue)
    {
        var queues = _broker.Queues;
        return admission switch
        {
            QueueAdmission.TelemetryShareFull => $"telemetry may fill {queues.TelemetryShare:P0} of the queue bounds, and its queue holds {queue.Bytes} bytes ({budget.Bytes} bytes in all queues)",
            QueueAdmission.ClientQueueFull => $"its queue holds {queue.Messages} messages, {queue.Bytes} bytes (at most {_broker.MaxPendingMessagesPerClient}, {queues.MaxBytesPerClient} bytes)",
            _ => $"all queues hold {budget.Bytes} bytes (at most {queues.MaxBytes})",
        };
    }

    private void Publish() => status.Queued(budget.Messages, budget.Bytes);

    private static SessionQueue? QueueOf(IDictionary items) => items[ItemKey] as SessionQueue;
}
