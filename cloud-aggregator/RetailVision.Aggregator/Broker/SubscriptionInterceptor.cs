using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace RetailVision.Aggregator.Broker;

/// <summary>Applies the ACL to SUBSCRIBE: a store may read only its own topics.</summary>
public sealed class SubscriptionInterceptor(TopicAccessPolicy accessPolicy, BrokerStatus status, ILogger<SubscriptionInterceptor> logger)
{
    public Task InterceptAsync(InterceptingSubscriptionEventArgs args)
    {
        var identity = ClientIdentity.From(args.SessionItems);
        if (accessPolicy.MaySubscribe(identity, args.TopicFilter.Topic)) return Task.CompletedTask;
        args.ProcessSubscription = false;
        args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        status.SubscriptionRefused();
        logger.LogWarning("Refused subscription of client '{ClientId}' (store '{StoreId}') to {Filter}: not its store", args.ClientId, identity?.StoreId, args.TopicFilter.Topic);
        return Task.CompletedTask;
    }
}
