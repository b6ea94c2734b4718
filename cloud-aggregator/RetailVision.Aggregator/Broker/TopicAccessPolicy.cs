namespace RetailVision.Aggregator.Broker;

/// <summary>
/// The broker's ACL: a store publishes and subscribes only under <c>{prefix}/{itsStoreId}/</c>; an anonymous client
/// (accepted only when anonymous clients are allowed) anywhere.
/// </summary>
public sealed class TopicAccessPolicy(string prefix, bool allowAnonymous)
{
    public bool MayPublish(ClientIdentity client, string topic) => IsAllowed(client, topic);

    /// <summary>Store ids hold no wildcard, so a filter starting with the store's own levels cannot reach another store.</summary>
    public bool MaySubscribe(ClientIdentity client, string topicFilter) => IsAllowed(client, topicFilter);

    private bool IsAllowed(ClientIdentity client, string topic) =>
        client.IsAnonymous ? allowAnonymous : topic.StartsWith($"{prefix}/{client.StoreId}/", StringComparison.Ordinal);
}
