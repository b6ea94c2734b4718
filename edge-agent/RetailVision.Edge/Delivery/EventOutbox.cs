using LiteDB;
using Microsoft.Extensions.Logging;

namespace RetailVision.Edge.Delivery;

/// <summary>
/// Durable FIFO of outgoing messages in a LiteDB file, so events queued while the broker is down survive a restart.
/// Each entry is committed before <see cref="Enqueue"/> returns. Bounded in payload bytes: when full, the oldest
/// entries are dropped (fresh events matter more to live dashboards than stale ones). One process owns the file.
/// </summary>
public sealed class EventOutbox : IDisposable
{
    public const long DefaultMaxBytes = 256L * 1024 * 1024;
    private const string CollectionName = "outbox";
    private const string IdField = "_id";
    private const string TopicField = "topic";
    private const string PayloadField = "payload";
    private const string EnqueuedAtField = "enqueuedAt";

    private readonly object _gate = new();
    private readonly ILogger _logger;
    private readonly FileStream _lockFile;
    private readonly LiteDatabase _database;
    private readonly ILiteCollection<BsonDocument> _entries;
    private long _nextSequence;
    private long _count;
    private long _bytes;
    private long _droppedOldest;
    private bool _inDropBurst;

    public EventOutbox(string databasePath, ILogger logger, long maxBytes = DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        Path = System.IO.Path.GetFullPath(databasePath);
        MaxBytes = maxBytes;
        _logger = logger;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _lockFile = AcquireLock(Path);
        try
        {
            // Direct mode has no lock between processes on Linux: the lock file above is what keeps a second agent out.
            _database = new LiteDatabase(new ConnectionString { Filename = Path, Connection = ConnectionType.Direct });
            _entries = _database.GetCollection(CollectionName);
            foreach (var document in _entries.FindAll())
            {
                _count++;
                _bytes += document[PayloadField].AsBinary.LongLength;
                _nextSequence = Math.Max(_nextSequence, document[IdField].AsInt64);
            }
            // Continue after the largest stored sequence so replayed and new entries stay in one order.
            _nextSequence++;
        }
        catch
        {
            _database?.Dispose();
            _lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    public long MaxBytes { get; }

    public long Count { get { lock (_gate) return _count; } }

    /// <summary>Total payload bytes stored.</summary>
    public long Bytes { get { lock (_gate) return _bytes; } }

    /// <summary>Entries dropped to stay within <see cref="MaxBytes"/> since this outbox was opened.</summary>
    public long DroppedOldest { get { lock (_gate) return _droppedOldest; } }

    /// <summary>When the oldest waiting entry was enqueued; null when empty. Tells how far behind delivery is.</summary>
    public DateTimeOffset? OldestEnqueuedAt
    {
        get
        {
            lock (_gate) return FindOldest() is { } oldest ? ToEntry(oldest).EnqueuedAt : null;
        }
    }

    /// <summary>Stores a message durably; drops the oldest entries first when it would not fit in <see cref="MaxBytes"/>.</summary>
    public void Enqueue(string topic, byte[] payload)
    {
        if (payload.LongLength > MaxBytes)
            throw new ArgumentException($"a {payload.Length}-byte payload exceeds the outbox bound of {MaxBytes} bytes", nameof(payload));
        lock (_gate)
        {
            // One transaction: the drops and the insert reach the disk together, with one wait for it.
            _database.BeginTrans();
            var freedBytes = 0L;
            var dropped = 0;
            try
            {
                while (_bytes - freedBytes + payload.LongLength > MaxBytes && FindOldest() is { } oldest)
                {
                    _entries.Delete(oldest[IdField]);
                    freedBytes += oldest[PayloadField].AsBinary.LongLength;
                    dropped++;
                }
                _entries.Insert(new BsonDocument
                {
                    [IdField] = _nextSequence,
                    [TopicField] = topic,
                    [PayloadField] = payload,
                    // Unix milliseconds: LiteDB would hand a DateTime back converted to local time.
                    [EnqueuedAtField] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                });
                _database.Commit();
            }
            catch
            {
                _database.Rollback();
                throw;
            }
            _nextSequence++;
            _count += 1 - dropped;
            _bytes += payload.LongLength - freedBytes;
            _droppedOldest += dropped;
            if (dropped > 0 && !_inDropBurst)
                _logger.LogWarning("Outbox {Path} is full ({MaxBytes} bytes): dropping the oldest events ({Dropped} dropped so far)",
                    Path, MaxBytes, _droppedOldest);
            _inDropBurst = dropped > 0;
        }
    }

    public bool TryPeekOldest(out OutboxEntry entry)
    {
        lock (_gate)
        {
            var oldest = FindOldest();
            entry = oldest is null ? null! : ToEntry(oldest);
            return oldest is not null;
        }
    }

    /// <summary>Deletes a delivered entry; an unknown sequence (dropped meanwhile) is ignored.</summary>
    public void Acknowledge(long sequence)
    {
        lock (_gate)
        {
            var document = _entries.FindById(sequence);
            if (document is null) return;
            _entries.Delete(sequence);
            _count--;
            _bytes -= document[PayloadField].AsBinary.LongLength;
        }
    }

    private BsonDocument? FindOldest() => _entries.Find(Query.All(Query.Ascending), limit: 1).FirstOrDefault();

    private static OutboxEntry ToEntry(BsonDocument document) => new(
        document[IdField].AsInt64,
        document[TopicField].AsString,
        document[PayloadField].AsBinary,
        DateTimeOffset.FromUnixTimeMilliseconds(document[EnqueuedAtField].AsInt64));

    private static FileStream AcquireLock(string databasePath)
    {
        var lockPath = databasePath + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"outbox {databasePath} is in use by another process (lock file {lockPath} is held)", ex);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _database.Dispose();
            _lockFile.Dispose();
        }
    }
}
