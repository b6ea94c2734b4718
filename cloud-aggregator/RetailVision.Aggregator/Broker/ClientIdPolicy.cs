using RetailVision.Contracts;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// Binds a connection's identity to its login through the client id: a store's login may use only ids in its own
/// namespace (<see cref="MqttClientIds"/>), and an anonymous client (demo mode) none in a configured store's. So the
/// id alone tells, on every later packet, which store a session belongs to; nothing is taken from session state that
/// an earlier connection could have left behind.
/// </summary>
public sealed class ClientIdPolicy(IEnumerable<string> configuredStores)
{
    private readonly HashSet<string> _stores = new(configuredStores, StringComparer.Ordinal);

    /// <summary>Why <paramref name="clientId"/> may not be used by a client logged in as <paramref name="storeId"/> (null = anonymous); null when it may.</summary>
    public string? Refusal(string? storeId, string clientId)
    {
        if (storeId is not null)
            return MqttClientIds.BelongsTo(clientId, storeId)
                ? null
                : $"client id '{Shorten(clientId)}' is not in this store's namespace: use '{MqttClientIds.Edge(storeId, "{agentId}")}' (agent id: letters, digits, '-', '_', '.')";
        return MqttClientIds.TryGetStore(clientId, out var store) && _stores.Contains(store)
            ? $"client id '{Shorten(clientId)}' belongs to store '{store}': log in as that store"
            : null;
    }

    /// <summary>The identity of an accepted connection, from its client id.</summary>
    public ClientIdentity Identify(string clientId) =>
        MqttClientIds.TryGetStore(clientId, out var store) && _stores.Contains(store) ? new ClientIdentity(store) : ClientIdentity.Anonymous;

    private static string Shorten(string clientId) => clientId.Length <= 80 ? clientId : clientId[..80] + "…";
}
