namespace RetailVision.Aggregator.Storage;

public interface IStorageHealth
{
    /// <summary>False after a write failed (until one succeeds again) or when the store cannot be read.</summary>
    bool IsHealthy { get; }

    /// <summary>Where the data lives (a file path, a database host), for operators.</summary>
    string Location { get; }
}
