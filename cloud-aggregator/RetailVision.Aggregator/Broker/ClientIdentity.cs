namespace RetailVision.Aggregator.Broker;

/// <summary>Who an accepted MQTT connection is: a store (its StoreId), or an anonymous client where those are allowed.</summary>
public sealed record ClientIdentity(string? StoreId)
{
    public static ClientIdentity Anonymous { get; } = new((string?)null);

    public bool IsAnonymous => StoreId is null;
}
