namespace RetailVision.Aggregator.Runtime;

/// <summary>
/// When a full, compacting collection is worth its pause, from the heap's committed bytes: while a burst grows the heap
/// by <c>growthBytes</c> past where the last collection left it, and once more after the burst, when the heap still
/// stands that far above the lowest it has been. The second rule backs off (doubling up to a maximum) while collections
/// find nothing to free, so a heap that has really grown is not collected again and again. Pure: numbers in, a yes or no out.
/// </summary>
public sealed class ReclaimPolicy(long growthBytes, TimeSpan settleDelay, TimeSpan maxSettleDelay)
{
    private long _afterLast = long.MaxValue;
    private long _lowest = long.MaxValue;
    private TimeSpan? _delay;
    private DateTimeOffset _nextSettle = DateTimeOffset.MaxValue;

    public bool ShouldReclaim(long committedBytes, DateTimeOffset now)
    {
        _afterLast = Math.Min(_afterLast, committedBytes);
        _lowest = Math.Min(_lowest, committedBytes);
        if (committedBytes - _afterLast >= growthBytes) return true;
        return committedBytes - _lowest >= growthBytes && now >= _nextSettle;
    }

    public void Reclaimed(long beforeBytes, long afterBytes, DateTimeOffset now)
    {
        _delay = beforeBytes - afterBytes >= growthBytes || _delay is null
            ? settleDelay
            : TimeSpan.FromTicks(Math.Min(2 * _delay.Value.Ticks, maxSettleDelay.Ticks));
        _nextSettle = now + _delay.Value;
        _afterLast = afterBytes;
        _lowest = Math.Min(_lowest, afterBytes);
    }
}
