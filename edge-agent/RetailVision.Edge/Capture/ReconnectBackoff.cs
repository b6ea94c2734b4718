namespace RetailVision.Edge.Capture;

/// <summary>
/// Exponential backoff between reconnect attempts, so a camera that is down costs little and one that comes back is
/// retried soon: <c>initial</c>, doubling up to <c>max</c>, back to <c>initial</c> after a success.
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max)
{
    // Zero until the first failure after a success: the next delay is then the initial one.
    private TimeSpan _next;

    /// <summary>The delay before the next attempt; the one after it will be twice as long (at most <c>max</c>).</summary>
    public TimeSpan Next()
    {
        var delay = _next == TimeSpan.Zero ? initial : _next;
        _next = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, max.Ticks));
        return delay;
    }

    public void Reset() => _next = TimeSpan.Zero;
}
