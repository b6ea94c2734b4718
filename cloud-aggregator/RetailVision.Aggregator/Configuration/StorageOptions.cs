namespace RetailVision.Aggregator.Configuration;

/// <summary>The <c>Aggregator:Storage</c> section: which backend holds the data.</summary>
public sealed class StorageOptions
{
    public StorageBackend Backend { get; set; } = StorageBackend.LiteDb;

    /// <summary>PostgreSQL: an Npgsql connection string, e.g. <c>Host=db.internal;Database=retailvision;Username=aggregator;Password=…</c>.</summary>
    public string? ConnectionString { get; set; }
}
