namespace RetailVision.Aggregator.Storage;

/// <summary>The store cannot be written or reached (disk, file, connection): retry later; it says nothing about the records.</summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);
