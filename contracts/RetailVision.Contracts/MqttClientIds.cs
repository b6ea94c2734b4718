namespace RetailVision.Contracts;

/// <summary>
/// MQTT client ids are namespaced by the store that logs in: <c>{storeId}:{agentId}</c>. The broker refuses any other
/// id from a store's login, so no client of one store can resume, take over or disconnect a session of another, and
/// each edge box of a store (its own agent id) keeps its own session.
/// </summary>
public static class MqttClientIds
{
    public const char Separator = ':';

    public static string Edge(string storeId, string agentId) => $"{storeId}{Separator}{agentId}";

    /// <summary>The store part of a namespaced id; false when the id has no separator or an empty store part.</summary>
    public static bool TryGetStore(string? clientId, out string storeId)
    {
        var at = clientId?.IndexOf(Separator) ?? -1;
        storeId = at > 0 ? clientId![..at] : "";
        return at > 0;
    }

    /// <summary>True when <paramref name="clientId"/> is <c>{storeId}:{agent}</c> with an agent id the contract allows.</summary>
    public static bool BelongsTo(string clientId, string storeId) =>
        TryGetStore(clientId, out var store) && store == storeId && ContractValidator.IsId(clientId[(store.Length + 1)..]);
}
