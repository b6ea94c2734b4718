namespace RetailVision.Aggregator.Broker;

/// <summary>
/// Failed logins per key (a source address, a user name): after <c>threshold</c> failures the key must wait 1 s, then
/// 2 s, 4 s … up to a maximum, before its next attempt is even checked. A key forgets its failures once it has been
/// quiet for twice the maximum wait. Bounded: at most <see cref="MaxKeys"/> keys are remembered.
/// </summary>
public sealed class LoginThrottle(TimeSpan maxBackoff, TimeProvider time)
{
    public const int MaxKeys = 10_000;
    private readonly Dictionary<string, Failures> _keys = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private sealed class Failures
    {
        public int Count;
        public DateTimeOffset Last;
        public DateTimeOffset BlockedUntil;
    }

    /// <summary>How long <paramref name="key"/> must still wait, or null when it may try now.</summary>
    public TimeSpan? WaitFor(string key)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_keys.TryGetValue(key, out var failures)) return null;
            if (IsForgotten(failures, now))
            {
                _keys.Remove(key);
                return null;
            }
            return failures.BlockedUntil > now ? failures.BlockedUntil - now : null;
        }
    }

    /// <summary>True while <paramref name="key"/> has failures it has not yet forgotten.</summary>
    public bool HasFailed(string key)
    {
        var now = time.GetUtcNow();
        lock (_lock) return _keys.TryGetValue(key, out var failures) && !IsForgotten(failures, now);
    }

    public void Failed(string key, int threshold)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_keys.TryGetValue(key, out var failures) || IsForgotten(failures, now))
            {
                if (_keys.Count >= MaxKeys) Evict(now);
                failures = new Failures();
                _keys[key] = failures;
            }
            failures.Count++;
            failures.Last = now;
            if (failures.Count < threshold) return;
            var doublings = Math.Min(failures.Count - threshold, 30);
            var wait = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, doublings), maxBackoff.TotalSeconds));
            failures.BlockedUntil = now + wait;
        }
    }

    public void Succeeded(string key)
    {
        lock (_lock) _keys.Remove(key);
    }

    private bool IsForgotten(Failures failures, DateTimeOffset now) => now - failures.Last > 2 * maxBackoff && failures.BlockedUntil <= now;

    private void Evict(DateTimeOffset now)
    {
        foreach (var (key, failures) in _keys)
            if (IsForgotten(failures, now)) _keys.Remove(key);
        // Still full: drop the quietest key rather than grow without bound.
        if (_keys.Count >= MaxKeys) _keys.Remove(_keys.MinBy(k => k.Value.Last).Key);
    }
}
