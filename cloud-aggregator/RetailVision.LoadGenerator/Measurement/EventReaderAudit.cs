using RetailVision.Aggregator;
using RetailVision.Aggregator.Storage;

namespace RetailVision.LoadGenerator.Measurement;

/// <summary>The stored events of the load's stores, read through the aggregator's own storage (LiteDB or PostgreSQL).</summary>
public sealed class EventReaderAudit(IEventReader reader) : IStoredAudit
{
    public Task<IReadOnlyDictionary<Guid, int>> CountAsync(IReadOnlyCollection<string> storeIds, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<Guid, int>();
        foreach (var store in storeIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var e in reader.FindEvents(store, TimeRange.All)) counts[e.EventId] = counts.GetValueOrDefault(e.EventId) + 1;
        }
        return Task.FromResult<IReadOnlyDictionary<Guid, int>>(counts);
    }
}
