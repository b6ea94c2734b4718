namespace RetailVision.Aggregator.Ingest;

/// <summary>The <see cref="IngestResult"/> of a message, with the reason when it was dead-lettered or could not be stored.</summary>
public sealed record IngestOutcome(IngestResult Result, string? Reason = null)
{
    public static IngestOutcome Stored { get; } = new(IngestResult.Stored);

    public static IngestOutcome Duplicate { get; } = new(IngestResult.Duplicate);

    /// <summary>True when the message is durably handled (stored, already stored, or dead-lettered) and may be acknowledged.</summary>
    public bool MayAcknowledge => Result != IngestResult.StorageFailed;
}
