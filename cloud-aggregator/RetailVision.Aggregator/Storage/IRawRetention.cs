namespace RetailVision.Aggregator.Storage;

/// <summary>Ages out raw rows; rollups are kept, so KPIs of older periods stay.</summary>
public interface IRawRetention
{
    /// <summary>Removes each store's raw events, snapshots, stored ids and visit progress from before its cutoff (a UTC day start); returns what went, for the log.</summary>
    Task<string> DropRawBeforeAsync(RawRetentionCutoffs cutoffs, CancellationToken cancellationToken);
}
