namespace RetailVision.Edge.Delivery;

/// <summary>One message waiting in the <see cref="EventOutbox"/>; <see cref="Sequence"/> orders and identifies it.</summary>
public sealed record OutboxEntry(long Sequence, string Topic, byte[] Payload, DateTimeOffset EnqueuedAt);
