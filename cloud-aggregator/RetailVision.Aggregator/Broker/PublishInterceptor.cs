using MQTTnet.Protocol;
using MQTTnet.Server;
using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Ingest;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// Every PUBLISH the embedded broker receives passes here before the broker acknowledges it: the ACL (on the identity
/// the client id was bound to at login), the retain rule, then the ingest pipeline, so a successful PUBACK means the
/// batch holding the message is committed (or the message is kept as a dead letter). When storing fails the PUBACK carries an error code (MQTT 5),
/// or the connection is closed without one (MQTT 3.1.1, whose PUBACK cannot say no), and the client publishes again.
/// </summary>
public sealed class PublishInterceptor(
    IngestPipeline pipeline,
    TopicAccessPolicy accessPolicy,
    ClientIdPolicy clientIds,
    ClientProtocols protocols,
    IOptions<AggregatorOptions> options,
    BrokerStatus status,
    RefusalLog refusals,
    RetainedBudget retained)
{
    private readonly string _prefix = options.Value.TopicPrefix;
    private readonly BrokerLimitsOptions _limits = options.Value.Broker.Limits;

    public async Task InterceptAsync(InterceptingPublishEventArgs args)
    {
        // An unknown topic alias leaves the topic empty; MQTTnet has already refused that publish.
        if (string.IsNullOrEmpty(args.ApplicationMessage.Topic)) return;
        var identity = clientIds.Identify(args.ClientId);
        var message = args.ApplicationMessage;
        var topic = message.Topic;
        if (!accessPolicy.MayPublish(identity, topic))
        {
            Refuse(args, MqttPubAckReasonCode.NotAuthorized, $"store '{identity.StoreId}' may publish only under {_prefix}/{identity.StoreId}/");
            status.PublishRefused();
            args.CloseConnection = refusals.Operation(args.ClientId, identity.StoreId, $"publish on {topic}");
            return;
        }
        if (message.Retain && !MayRetain(topic, (int)message.Payload.Length))
            // Kept and routed, just not retained: a retained event or snapshot would only grow the broker's memory.
            message.Retain = false;
        // The edge's status and stats are routed to subscribers (dashboards), not stored.
        if (MqttTopics.IsTelemetry(_prefix, topic)) return;

        // The PUBACK waits for the batch holding this message to be durable.
        var outcome = await pipeline.HandleAsync(topic, message.Payload, args.CancellationToken);
        switch (outcome.Result)
        {
            case IngestResult.Stored or IngestResult.Duplicate:
                break;
            case IngestResult.DeadLettered:
                // Acknowledged (it is durably kept) so the sender does not retry it forever, but not routed on.
                args.ProcessPublish = false;
                args.Response.ReasonString = $"dead-lettered: {outcome.Reason}";
                break;
            default:
                Refuse(args, MqttPubAckReasonCode.ImplementationSpecificError, "the aggregator could not store the message; publish it again");
                args.CloseConnection = !protocols.CanRefuseInPubAck(args.ClientId);
                break;
        }
    }

    private bool MayRetain(string topic, int payloadBytes)
    {
        if (payloadBytes > _limits.MaxRetainedBytes || !MqttTopics.IsStatus(_prefix, topic)) return false;
        // Status topics are {prefix}/{store}/…: the store level is what the ACL let this client publish under.
        var store = topic.Split('/')[1];
        if (payloadBytes == 0)
        {
            // An empty retained message clears the topic (MQTT 3.3.1.3): let it through and free what it held.
            retained.Clear(store, topic);
            return true;
        }
        if (retained.TryRetain(store, topic, payloadBytes)) return true;
        status.RetainedRefused();
        var (messages, bytes) = retained.Held(store);
        refusals.RetentionRefused(store, topic,
            $"store '{store}' holds {messages} retained messages, {bytes} bytes (at most {_limits.MaxRetainedMessagesPerStore}, {_limits.MaxRetainedBytesPerStore} bytes)");
        return false;
    }

    private static void Refuse(InterceptingPublishEventArgs args, MqttPubAckReasonCode code, string reason)
    {
        args.ProcessPublish = false;
        args.Response.ReasonCode = code;
        args.Response.ReasonString = reason;
    }
}
