namespace RetailVision.Aggregator.Storage;

/// <summary>
/// A message that was refused, kept for whoever runs the store's box: where it came from (the store its topic names,
/// when it names one), why it was refused, and the start of its payload (<see cref="PayloadExcerpt"/>).
/// </summary>
public sealed record DeadLetter(string Topic, string? StoreId, string Reason, DateTimeOffset ReceivedAt, long PayloadBytes, PayloadExcerpt Payload);
