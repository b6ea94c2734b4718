namespace RetailVision.Aggregator.Storage;

/// <summary>What an insert did: stored it, or found the same id already stored (a redelivery or replay).</summary>
public enum InsertResult
{
    Stored,
    Duplicate,
}
