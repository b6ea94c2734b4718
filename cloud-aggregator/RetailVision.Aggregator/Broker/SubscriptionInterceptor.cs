using MQTTnet.Protocol;
using MQTTnet.Server;

namespace RetailVision.Aggregator.Broker;

/// <summary>Applies the ACL to SUBSCRIBE: a store may read only its own topics.</summary>
public sealed class SubscriptionInterceptor(TopicAccessPolicy accessPolicy, ClientIdPolicy clientIds, BrokerStatus status, RefusalLog refusals)
{
    public Task InterceptAsync(InterceptingSubscriptionEventArgs args)
    {
        var identity = clientIds.Identify(args.ClientId);
        if (accessPolicy.MaySubscribe(identity, args.TopicFilter.Topic)) return Task.CompletedTask;
        args.ProcessSubscription = false;
        args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        args.Response.ReasonString = $"store '{identity.StoreId}' may subscribe only under its own topics";
        status.SubscriptionRefused();
        args.CloseConnection = refusals.Operation(args.ClientId, identity.StoreId, $"subscription to {args.TopicFilter.Topic}");
        return Task.CompletedTask;
    }
}
