namespace RetailVision.Aggregator.Broker;

/// <summary>
/// The (store, source) pairs that have logged in, so that a box logging in again from where it always does is checked
/// before strangers (<see cref="LoginLane.Known"/>): an attacker can guess a store's name, but not log in from its
/// box's address without its password. A pair that fails is forgotten. Bounded: at most <c>capacity</c> pairs; when
/// full, the pair whose latest login is oldest goes (0 remembers none).
/// </summary>
public sealed class KnownLogins(int capacity, TimeProvider time)
{
    private readonly Dictionary<(string User, string Source), DateTimeOffset> _latest = [];
    private readonly Lock _lock = new();

    public bool Contains(string userName, string source)
    {
        lock (_lock) return _latest.ContainsKey((userName, source));
    }

    public void Succeeded(string userName, string source)
    {
        if (capacity == 0) return;
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_latest.ContainsKey((userName, source)) && _latest.Count >= capacity) _latest.Remove(_latest.MinBy(p => p.Value).Key);
            _latest[(userName, source)] = now;
        }
    }

    public void Failed(string userName, string source)
    {
        lock (_lock) _latest.Remove((userName, source));
    }
}
