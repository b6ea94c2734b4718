using System.Collections.Concurrent;
using System.Diagnostics;

namespace RetailVision.LoadGenerator.Load;

/// <summary>
/// Every event of a run and when it was sent, acknowledged and first seen stored (Stopwatch timestamps; 0 = not yet),
/// written from the publishers and the observer of storage at once.
/// </summary>
public sealed class PublishLedger
{
    private readonly ConcurrentDictionary<Guid, PublishRecord> _records = new();
    private readonly ConcurrentQueue<PublishRecord> _sent = new();

    public int Count => _records.Count;

    public IEnumerable<PublishRecord> Records => _records.Values;

    public PublishRecord Sent(Guid eventId, string storeId)
    {
        var record = new PublishRecord(eventId, storeId, Stopwatch.GetTimestamp());
        _records[eventId] = record;
        _sent.Enqueue(record);
        return record;
    }

    /// <summary>The sent events one at a time, each once, for an observer that looks them up in storage.</summary>
    public bool TryTakeSent(out PublishRecord record) => _sent.TryDequeue(out record!);

    /// <summary>Marks an event stored at <paramref name="timestamp"/> unless it was already; false for an id this run never sent.</summary>
    public bool MarkStored(Guid eventId, long timestamp)
    {
        if (!_records.TryGetValue(eventId, out var record)) return false;
        Interlocked.CompareExchange(ref record.StoredAt, timestamp, 0);
        return true;
    }
}
