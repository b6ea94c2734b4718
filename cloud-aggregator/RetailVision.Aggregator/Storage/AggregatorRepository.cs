using LiteDB;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Storage;

/// <summary>
/// The aggregator's LiteDB file: events, heatmap snapshots, dead letters and the catalog of stores. One process owns it
/// (<see cref="DatabaseLockFile"/>). Every insert is its own transaction, committed to disk before the method returns,
/// so a caller may acknowledge the message afterwards; a duplicate rolls back only itself.
/// </summary>
public sealed class AggregatorRepository : IDisposable
{
    private readonly DatabaseLockFile _lockFile;
    private readonly LiteDatabase _db;
    private readonly ILiteCollection<BsonDocument> _events;
    private readonly ILiteCollection<BsonDocument> _heatmaps;
    private readonly ILiteCollection<BsonDocument> _deadLetters;
    private readonly ILiteCollection<BsonDocument> _catalog;
    private readonly HashSet<string> _catalogKeys;
    private readonly Lock _writeLock = new();
    private volatile bool _lastWriteFailed;

    private AggregatorRepository(string path, DatabaseLockFile lockFile, LiteDatabase db)
    {
        Path = path;
        _lockFile = lockFile;
        _db = db;
        _events = db.GetCollection(EventDocuments.Collection);
        _heatmaps = db.GetCollection(HeatmapDocuments.Collection);
        _deadLetters = db.GetCollection(DeadLetterDocuments.Collection, BsonAutoId.Int64);
        _catalog = db.GetCollection(CatalogDocuments.Collection);
        // _id (EventId, SnapshotId) is the unique index that deduplicates; StoreTime serves the range queries.
        _events.EnsureIndex(StoreTimeKey.Field);
        _heatmaps.EnsureIndex(StoreTimeKey.Field);
        _deadLetters.EnsureIndex(nameof(DeadLetter.StoreId));
        _catalogKeys = _catalog.FindAll().Select(d => d["_id"].AsString).ToHashSet(StringComparer.Ordinal);
    }

    public string Path { get; }

    /// <summary>Opens (or creates) the file; throws <see cref="DatabaseInUseException"/> when another process owns it.</summary>
    public static AggregatorRepository Open(string databasePath)
    {
        var path = System.IO.Path.GetFullPath(databasePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var lockFile = DatabaseLockFile.Acquire(path);
        try
        {
            // Binary collation: ids are case-sensitive, and the StoreTime ranges rely on ordinal order.
            var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, Collation = Collation.Binary });
            return new AggregatorRepository(path, lockFile, db);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>False after a write failed (until one succeeds again) or when the file cannot be read.</summary>
    public bool IsHealthy
    {
        get
        {
            if (_lastWriteFailed) return false;
            try
            {
                _ = _db.GetCollectionNames().Count();
                return true;
            }
            catch (Exception ex) when (ex is LiteException or IOException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    public InsertResult InsertEvent(DecisionPointEvent e) =>
        Insert(_events, EventDocuments.ToDocument(e), CatalogDocuments.ZoneKey(e.StoreId, e.CameraId, e.ZoneId),
            () => CatalogDocuments.ForZone(e.StoreId, e.CameraId, e.ZoneId));

    public InsertResult InsertHeatmap(HeatmapSnapshot s) =>
        Insert(_heatmaps, HeatmapDocuments.ToDocument(s), CatalogDocuments.HeatmapKey(s.StoreId, s.CameraId),
            () => CatalogDocuments.ForHeatmap(s.StoreId, s.CameraId));

    public void AddDeadLetter(DeadLetter deadLetter)
    {
        lock (_writeLock)
            Write(() => _deadLetters.Insert(DeadLetterDocuments.ToDocument(deadLetter)));
    }

    /// <summary>Events of a store whose EnteredAt lies in <paramref name="range"/>, in EnteredAt order.</summary>
    public IReadOnlyList<DecisionPointEvent> FindEvents(string storeId, TimeRange range, int limit = int.MaxValue) =>
        InStoreRange(_events, storeId, range, limit).Select(EventDocuments.FromDocument).ToList();

    /// <summary>Heatmap snapshots of a store (one camera, or all when null) whose PeriodStart lies in <paramref name="range"/>.</summary>
    public IReadOnlyList<HeatmapSnapshot> FindHeatmaps(string storeId, string? cameraId, TimeRange range) =>
        InStoreRange(_heatmaps, storeId, range, int.MaxValue)
            .Where(d => cameraId is null || d[nameof(HeatmapSnapshot.CameraId)].AsString == cameraId)
            .Select(HeatmapDocuments.FromDocument)
            .ToList();

    /// <summary>The latest dead letters, newest first: of every topic, or of one store's topics.</summary>
    public IReadOnlyList<DeadLetter> LatestDeadLetters(int limit, string? storeId = null)
    {
        var query = _deadLetters.Query();
        if (storeId is not null) query = query.Where(Query.EQ(nameof(DeadLetter.StoreId), storeId));
        return query.OrderByDescending("_id").Limit(limit).ToEnumerable().Select(DeadLetterDocuments.FromDocument).ToList();
    }

    public IReadOnlyList<StoreSummary> Stores() => CatalogDocuments.Summarise(_catalog.FindAll());

    public bool HasStore(string storeId)
    {
        lock (_writeLock)
            return _catalogKeys.Any(k => k.StartsWith(storeId + "/", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _db.Dispose();
        _lockFile.Dispose();
    }

    private static IEnumerable<BsonDocument> InStoreRange(ILiteCollection<BsonDocument> collection, string storeId, TimeRange range, int limit)
    {
        if (range.From >= range.To) return [];
        var (low, high) = StoreTimeKey.Bounds(storeId, range);
        return collection.Query().Where(Query.Between(StoreTimeKey.Field, low, high)).OrderBy(StoreTimeKey.Field).Limit(limit).ToEnumerable();
    }

    private InsertResult Insert(ILiteCollection<BsonDocument> collection, BsonDocument document, string catalogKey, Func<BsonDocument> catalogEntry)
    {
        lock (_writeLock)
        {
            var isNewCatalogEntry = !_catalogKeys.Contains(catalogKey);
            var result = Write(() =>
            {
                // The catalog entry rides in the same transaction, so a stored event is never missing from the catalog.
                _db.BeginTrans();
                try
                {
                    collection.Insert(document);
                    if (isNewCatalogEntry) _catalog.Upsert(catalogEntry());
                    _db.Commit();
                    return InsertResult.Stored;
                }
                catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
                {
                    _db.Rollback();
                    return InsertResult.Duplicate;
                }
                catch
                {
                    _db.Rollback();
                    throw;
                }
            });
            if (result == InsertResult.Stored && isNewCatalogEntry) _catalogKeys.Add(catalogKey);
            return result;
        }
    }

    private T Write<T>(Func<T> write)
    {
        try
        {
            var result = write();
            _lastWriteFailed = false;
            return result;
        }
        catch
        {
            _lastWriteFailed = true;
            throw;
        }
    }

    private void Write(Action write) => Write(() =>
    {
        write();
        return true;
    });
}
