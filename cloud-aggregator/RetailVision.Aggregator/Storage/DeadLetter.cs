namespace RetailVision.Aggregator.Storage;

/// <summary>
/// A message that was refused, kept for an analyst: where it came from, why it was refused, and the start of its
/// payload (<see cref="PayloadExcerpt"/>).
/// </summary>
public sealed record DeadLetter(string Topic, string Reason, DateTimeOffset ReceivedAt, long PayloadBytes, PayloadExcerpt Payload);
