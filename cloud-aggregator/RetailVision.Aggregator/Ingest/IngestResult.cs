namespace RetailVision.Aggregator.Ingest;

/// <summary>What became of one received message.</summary>
public enum IngestResult
{
    /// <summary>Valid and committed to the database.</summary>
    Stored,

    /// <summary>Valid, and its id was already stored: a redelivery.</summary>
    Duplicate,

    /// <summary>Refused (unknown topic or invalid payload) and kept as a dead letter.</summary>
    DeadLettered,

    /// <summary>Nothing could be written: the sender must not be told it was received.</summary>
    StorageFailed,
}
