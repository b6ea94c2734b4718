namespace RetailVision.Aggregator.Storage;

/// <summary>Another process owns the database file (it holds the lock file beside it).</summary>
public sealed class DatabaseInUseException(string databasePath, string lockPath, Exception inner)
    : IOException($"the database '{databasePath}' is in use by another aggregator process (it holds '{lockPath}'); stop that process or use another Aggregator:DatabasePath", inner);
