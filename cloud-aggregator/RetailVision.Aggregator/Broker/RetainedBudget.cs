namespace RetailVision.Aggregator.Broker;

/// <summary>
/// The retained messages each store holds in the broker, by topic, against a per-store bound in count and bytes. A
/// message on a topic already retained replaces it, so only the difference counts; an empty retained message clears
/// the topic and frees what it held.
/// </summary>
public sealed class RetainedBudget(int maxMessagesPerStore, int maxBytesPerStore)
{
    private readonly Dictionary<string, StoreRetained> _stores = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private sealed class StoreRetained
    {
        public readonly Dictionary<string, int> Topics = new(StringComparer.Ordinal);
        public long Bytes;
    }

    /// <summary>What one store holds now.</summary>
    public (int Messages, long Bytes) Held(string store)
    {
        lock (_lock) return _stores.TryGetValue(store, out var held) ? (held.Topics.Count, held.Bytes) : (0, 0);
    }

    /// <summary>True when the store may retain this message (counted from now on); false leaves what it held unchanged.</summary>
    public bool TryRetain(string store, string topic, int payloadBytes)
    {
        // Topics are UTF-16 strings in memory: two bytes a character.
        var bytes = payloadBytes + 2 * topic.Length;
        lock (_lock)
        {
            _stores.TryGetValue(store, out var held);
            var isNew = held is null || !held.Topics.ContainsKey(topic);
            var replaced = held?.Topics.GetValueOrDefault(topic) ?? 0;
            if ((isNew && (held?.Topics.Count ?? 0) >= maxMessagesPerStore) || (held?.Bytes ?? 0) - replaced + bytes > maxBytesPerStore)
                return false;
            if (held is null) held = _stores[store] = new StoreRetained();
            held.Topics[topic] = bytes;
            held.Bytes += bytes - replaced;
            return true;
        }
    }

    /// <summary>An empty retained message cleared the topic.</summary>
    public void Clear(string store, string topic)
    {
        lock (_lock)
        {
            if (!_stores.TryGetValue(store, out var held) || !held.Topics.Remove(topic, out var bytes)) return;
            held.Bytes -= bytes;
            if (held.Topics.Count == 0) _stores.Remove(store);
        }
    }
}
