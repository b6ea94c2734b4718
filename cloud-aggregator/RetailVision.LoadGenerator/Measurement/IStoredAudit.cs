namespace RetailVision.LoadGenerator.Measurement;

/// <summary>What ended up stored, read after the run: how many times each event id is there.</summary>
public interface IStoredAudit
{
    Task<IReadOnlyDictionary<Guid, int>> CountAsync(IReadOnlyCollection<string> storeIds, CancellationToken cancellationToken);
}
