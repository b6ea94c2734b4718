namespace RetailVision.Aggregator.Broker;

/// <summary>
/// What one MQTTnet session holds in queued messages, as <see cref="QueueBudget"/> counts it. Kept in the session's
/// items, so it lives and dies with the session itself, not with its client id. Changed only under the budget's lock.
/// </summary>
public sealed class SessionQueue
{
    public long Messages { get; internal set; }

    public long Bytes { get; internal set; }

    /// <summary>The part of <see cref="Messages"/> published at QoS 0: MQTTnet discards these, unsent, when the session resumes.</summary>
    public long AtMostOnceMessages { get; internal set; }

    public long AtMostOnceBytes { get; internal set; }

    /// <summary>True once the session is gone: nothing is counted for it any more.</summary>
    public bool IsDiscarded { get; internal set; }
}
