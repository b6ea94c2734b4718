namespace RetailVision.Aggregator.Storage.Postgres;

/// <summary>
/// The day partitions this process knows to exist, so that a batch takes the partition lock only for a day it has not
/// seen yet. The ingest writer adds to it and retention removes from it, on different threads, hence the lock.
/// A writer remembers what it created only after its transaction committed, and retention may have dropped those
/// partitions in between: so the writer hands back the <see cref="Generation"/> it read before creating them, and
/// they are remembered only when no drop came since. The set then never names a partition that is gone.
/// </summary>
public sealed class KnownPartitions
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private long _drops;

    /// <summary>How many drops have been recorded; read before creating partitions and passed to <see cref="Created"/>.</summary>
    public long Generation
    {
        get
        {
            lock (_gate) return _drops;
        }
    }

    public bool Contains(string name)
    {
        lock (_gate) return _names.Contains(name);
    }

    /// <summary>Remembers partitions a committed transaction created, unless a drop was recorded after <paramref name="generation"/>.</summary>
    public void Created(IEnumerable<string> names, long generation)
    {
        lock (_gate)
            if (generation == _drops) _names.UnionWith(names);
    }

    /// <summary>Forgets dropped partitions, and keeps creations still in flight from being remembered.</summary>
    public void Dropped(IEnumerable<string> names)
    {
        lock (_gate)
        {
            _drops++;
            _names.ExceptWith(names);
        }
    }
}
