namespace RetailVision.Aggregator.Configuration;

public enum StorageBackend
{
    /// <summary>One LiteDB file (<see cref="AggregatorOptions.DatabasePath"/>): a single node, the demo.</summary>
    LiteDb,

    /// <summary>PostgreSQL (<see cref="StorageOptions.ConnectionString"/>): the chain's system of record, shared by several nodes.</summary>
    Postgres,
}
