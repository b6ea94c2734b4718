using RetailVision.Aggregator.Storage;

namespace RetailVision.Aggregator.Configuration;

/// <summary>The <c>Aggregator:Storage</c> section: which backend holds the data.</summary>
public sealed class StorageOptions
{
    public StorageBackend Backend { get; set; } = StorageBackend.LiteDb;

    /// <summary>PostgreSQL: an Npgsql connection string, e.g. <c>Host=db.internal;Database=retailvision;Username=aggregator;Password=…</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Days of raw events and snapshots kept (whole UTC days); 0 keeps them forever. Hourly rollups are kept regardless.</summary>
    public int RawRetentionDays { get; set; } = 90;

    /// <summary>Stores that keep raw rows for other than <see cref="RawRetentionDays"/>: store id → days (0: forever).</summary>
    public Dictionary<string, int> StoreRawRetentionDays { get; set; } = new(StringComparer.Ordinal);

    public RawRetentionPolicy RetentionPolicy() => new(RawRetentionDays, new Dictionary<string, int>(StoreRawRetentionDays, StringComparer.Ordinal));
}
