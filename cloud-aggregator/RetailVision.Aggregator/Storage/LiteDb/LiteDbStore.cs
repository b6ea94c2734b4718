using LiteDB;
using RetailVision.Aggregator.Heatmaps;
using RetailVision.Aggregator.Kpis;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Storage.LiteDb;

/// <summary>
/// The embedded backend: one LiteDB file holding events, heatmap snapshots, dead letters, the catalog of stores and
/// the hourly and daily KPI rollups. One process owns it (<see cref="DatabaseLockFile"/>). Each batch is one transaction, the
/// rollups of its new events included, committed to disk before <see cref="WriteAsync"/> returns, so a caller may
/// acknowledge its messages afterwards.
/// </summary>
public sealed class LiteDbStore : IAggregatorStorage
{
    private readonly DatabaseLockFile _lockFile;
    private readonly LiteDatabase _db;
    private readonly ILiteCollection<BsonDocument> _events;
    private readonly ILiteCollection<BsonDocument> _heatmaps;
    private readonly ILiteCollection<BsonDocument> _deadLetters;
    private readonly ILiteCollection<BsonDocument> _catalog;
    private readonly ILiteCollection<BsonDocument> _zoneRollups;
    private readonly ILiteCollection<BsonDocument> _lineRollups;
    private readonly ILiteCollection<BsonDocument> _zoneDayRollups;
    private readonly ILiteCollection<BsonDocument> _lineDayRollups;
    private readonly ILiteCollection<BsonDocument> _visits;
    private readonly ILiteCollection<BsonDocument> _heatmapRollups;
    private readonly HashSet<string> _catalogKeys;
    private readonly int _maxDeadLetters;
    private readonly Lock _writeLock = new();
    private long _deadLetterCount;
    private long _droppedDeadLetters;
    private volatile bool _lastWriteFailed;

    private LiteDbStore(string path, DatabaseLockFile lockFile, LiteDatabase db, int maxDeadLetters)
    {
        Location = path;
        _lockFile = lockFile;
        _db = db;
        _maxDeadLetters = maxDeadLetters;
        _events = db.GetCollection(EventDocuments.Collection);
        _heatmaps = db.GetCollection(HeatmapDocuments.Collection);
        _deadLetters = db.GetCollection(DeadLetterDocuments.Collection, BsonAutoId.Int64);
        _catalog = db.GetCollection(CatalogDocuments.Collection);
        _zoneRollups = db.GetCollection(RollupDocuments.Zones);
        _lineRollups = db.GetCollection(RollupDocuments.Lines);
        _zoneDayRollups = db.GetCollection(RollupDocuments.ZoneDays);
        _lineDayRollups = db.GetCollection(RollupDocuments.LineDays);
        _visits = db.GetCollection(RollupDocuments.Visits);
        _heatmapRollups = db.GetCollection(RollupDocuments.Heatmaps);
        _heatmapRollups.EnsureIndex(StoreTimeKey.Field);
        _zoneRollups.EnsureIndex(StoreTimeKey.Field);
        _lineRollups.EnsureIndex(StoreTimeKey.Field);
        _zoneDayRollups.EnsureIndex(StoreTimeKey.Field);
        _lineDayRollups.EnsureIndex(StoreTimeKey.Field);
        _visits.EnsureIndex(RollupDocuments.VisitTicks);
        // _id (EventId, SnapshotId) is the unique index that deduplicates; StoreTime serves the range queries.
        _events.EnsureIndex(StoreTimeKey.Field);
        _heatmaps.EnsureIndex(StoreTimeKey.Field);
        _deadLetters.EnsureIndex(nameof(DeadLetter.StoreId));
        _catalogKeys = _catalog.FindAll().Select(d => d["_id"].AsString).ToHashSet(StringComparer.Ordinal);
        _deadLetterCount = _deadLetters.LongCount();
        if (db.UserVersion < RollupsVersion) BuildRollupsOfStoredEvents();
    }

    /// <summary>The file layout version with every rollup (2: heatmaps too; 3: day rollups); an older file gets them built once, on open.</summary>
    private const int RollupsVersion = 3;

    /// <summary>The database file.</summary>
    public string Location { get; }

    public long DroppedDeadLetters => Interlocked.Read(ref _droppedDeadLetters);

    /// <summary>Opens (or creates) the file; throws <see cref="DatabaseInUseException"/> when another process owns it.</summary>
    public static LiteDbStore Open(string databasePath, int maxDeadLetters = 100_000)
    {
        var path = System.IO.Path.GetFullPath(databasePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var lockFile = DatabaseLockFile.Acquire(path);
        try
        {
            // Binary collation: ids are case-sensitive, and the StoreTime ranges rely on ordinal order.
            var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, Collation = Collation.Binary });
            return new LiteDbStore(path, lockFile, db, maxDeadLetters);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

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

    public Task<IReadOnlyList<InsertResult>> WriteAsync(IReadOnlyList<IngestRecord> batch, CancellationToken cancellationToken)
    {
        lock (_writeLock)
        {
            var newCatalogKeys = new HashSet<string>(StringComparer.Ordinal);
            var ids = new HashSet<Guid>();
            var results = new InsertResult[batch.Count];
            var deadLetters = 0;
            var rollups = new RollupAccumulator(key => _visits.FindById(key) is { } d ? RollupDocuments.ProgressFromDocument(d) : null);
            var heatmapRollups = new List<HeatmapHourRollup>();
            try
            {
                _db.BeginTrans();
                for (var i = 0; i < batch.Count; i++)
                {
                    results[i] = batch[i] switch
                    {
                        IngestRecord.Event e => InsertEvent(e.Value, ids, newCatalogKeys, rollups),
                        IngestRecord.Heatmap h => InsertHeatmap(h.Value, ids, newCatalogKeys, heatmapRollups),
                        IngestRecord.Refused d => InsertDeadLetter(d.Value, ref deadLetters),
                        _ => throw new ArgumentException($"unknown record {batch[i].GetType().Name}", nameof(batch)),
                    };
                }
                WriteRollups(rollups);
                WriteHeatmapRollups(heatmapRollups);
                var dropped = DropOldestDeadLetters(deadLetters);
                _db.Commit();
                _catalogKeys.UnionWith(newCatalogKeys);
                _deadLetterCount += deadLetters - dropped;
                Interlocked.Add(ref _droppedDeadLetters, dropped);
                _lastWriteFailed = false;
                return Task.FromResult<IReadOnlyList<InsertResult>>(results);
            }
            catch (Exception ex)
            {
                Rollback();
                if (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or LiteException { ErrorCode: LiteException.FILE_NOT_FOUND or LiteException.ENGINE_DISPOSED })
                {
                    _lastWriteFailed = true;
                    throw new StorageUnavailableException($"the database file {Location} cannot be written: {ex.Message}", ex);
                }
                throw;
            }
        }
    }

    public IReadOnlyList<DecisionPointEvent> FindEvents(string storeId, TimeRange range, int limit = int.MaxValue) =>
        InStoreRange(_events, storeId, range, limit).Select(EventDocuments.FromDocument).ToList();

    public IReadOnlyList<HeatmapSnapshot> FindHeatmaps(string storeId, string? cameraId, TimeRange range) =>
        InStoreRange(_heatmaps, storeId, range, int.MaxValue)
            .Where(d => cameraId is null || d[nameof(HeatmapSnapshot.CameraId)].AsString == cameraId)
            .Select(HeatmapDocuments.FromDocument)
            .ToList();

    public IReadOnlyList<DeadLetter> LatestDeadLetters(int limit, string? storeId = null)
    {
        var query = _deadLetters.Query();
        if (storeId is not null) query = query.Where(Query.EQ(nameof(DeadLetter.StoreId), storeId));
        return query.OrderByDescending("_id").Limit(limit).ToEnumerable().Select(DeadLetterDocuments.FromDocument).ToList();
    }

    public IReadOnlyList<ZoneHourRollup> ZoneRollups(string storeId, DateTimeOffset fromHour, DateTimeOffset toHour) =>
        InStoreRange(_zoneRollups, storeId, new TimeRange(fromHour, toHour), int.MaxValue).Select(RollupDocuments.ZoneFromDocument).ToList();

    public IReadOnlyList<LineHourRollup> LineRollups(string storeId, DateTimeOffset fromHour, DateTimeOffset toHour) =>
        InStoreRange(_lineRollups, storeId, new TimeRange(fromHour, toHour), int.MaxValue).Select(RollupDocuments.LineFromDocument).ToList();

    public IReadOnlyList<ZoneHourRollup> ZoneDayRollups(string storeId, DateTimeOffset fromDay, DateTimeOffset toDay) =>
        InStoreRange(_zoneDayRollups, storeId, new TimeRange(fromDay, toDay), int.MaxValue).Select(RollupDocuments.ZoneFromDocument).ToList();

    public IReadOnlyList<LineHourRollup> LineDayRollups(string storeId, DateTimeOffset fromDay, DateTimeOffset toDay) =>
        InStoreRange(_lineDayRollups, storeId, new TimeRange(fromDay, toDay), int.MaxValue).Select(RollupDocuments.LineFromDocument).ToList();

    public Task<string> DropRawBeforeAsync(RawRetentionCutoffs cutoffs, CancellationToken cancellationToken)
    {
        lock (_writeLock)
        {
            int events = 0, heatmaps = 0, visits = 0;
            _db.BeginTrans();
            try
            {
                foreach (var store in _catalogKeys.Select(k => k[..k.IndexOf('/')]).Distinct(StringComparer.Ordinal))
                {
                    if (cutoffs.For(store) is not { } cutoff) continue;
                    var (low, high) = StoreTimeKey.Bounds(store, new TimeRange(DateTimeOffset.MinValue, cutoff));
                    events += _events.DeleteMany(Query.Between(StoreTimeKey.Field, low, high));
                    heatmaps += _heatmaps.DeleteMany(Query.Between(StoreTimeKey.Field, low, high));
                    visits += _visits.DeleteMany(Query.And(Query.LT(RollupDocuments.VisitTicks, cutoff.UtcTicks), Query.StartsWith("_id", store + "/")));
                }
                _db.Commit();
                return Task.FromResult(events + heatmaps + visits == 0 ? "" : $"{events} events, {heatmaps} heatmap snapshots, {visits} visits");
            }
            catch
            {
                Rollback();
                throw;
            }
        }
    }

    public IReadOnlyList<HeatmapHourRollup> HeatmapRollups(string storeId, string? cameraId, DateTimeOffset fromHour, DateTimeOffset toHour) =>
        InStoreRange(_heatmapRollups, storeId, new TimeRange(fromHour, toHour), int.MaxValue)
            .Where(d => cameraId is null || d[nameof(HeatmapHourRollup.CameraId)].AsString == cameraId)
            .Select(RollupDocuments.HeatmapFromDocument)
            .ToList();

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

    /// <summary>
    /// Inserts unless the id is already stored or earlier in this batch. Looked up rather than left to the unique index:
    /// a duplicate key would abort the whole transaction, and one redelivered message must not cost its batch.
    /// </summary>
    private InsertResult Insert(ILiteCollection<BsonDocument> collection, Guid id, BsonDocument document, HashSet<Guid> idsInBatch,
        HashSet<string> newCatalogKeys, string catalogKey, Func<BsonDocument> catalogEntry)
    {
        if (!idsInBatch.Add(id) || collection.FindById(id) is not null) return InsertResult.Duplicate;
        collection.Insert(document);
        // The catalog entry rides in the same transaction, so a stored event is never missing from the catalog.
        if (!_catalogKeys.Contains(catalogKey) && newCatalogKeys.Add(catalogKey)) _catalog.Upsert(catalogEntry());
        return InsertResult.Stored;
    }

    private InsertResult InsertEvent(DecisionPointEvent e, HashSet<Guid> ids, HashSet<string> newCatalogKeys, RollupAccumulator rollups)
    {
        var result = Insert(_events, e.EventId, EventDocuments.ToDocument(e), ids, newCatalogKeys,
            CatalogDocuments.ZoneKey(e.StoreId, e.CameraId, e.ZoneId), () => CatalogDocuments.ForZone(e.StoreId, e.CameraId, e.ZoneId));
        if (result == InsertResult.Stored) rollups.Apply(e);
        return result;
    }

    private InsertResult InsertHeatmap(HeatmapSnapshot s, HashSet<Guid> ids, HashSet<string> newCatalogKeys, List<HeatmapHourRollup> rollups)
    {
        var result = Insert(_heatmaps, s.SnapshotId, HeatmapDocuments.ToDocument(s), ids, newCatalogKeys,
            CatalogDocuments.HeatmapKey(s.StoreId, s.CameraId), () => CatalogDocuments.ForHeatmap(s.StoreId, s.CameraId));
        if (result == InsertResult.Stored) rollups.Add(HeatmapHourRollup.Of(s));
        return result;
    }

    /// <summary>Adds each new snapshot to its camera-hour, one read and one write per camera-hour of the batch.</summary>
    private void WriteHeatmapRollups(IEnumerable<HeatmapHourRollup> snapshots)
    {
        foreach (var group in snapshots.GroupBy(RollupDocuments.HeatmapId, StringComparer.Ordinal))
        {
            var sum = group.Aggregate((a, b) => a.Add(b));
            var stored = _heatmapRollups.FindById(group.Key);
            _heatmapRollups.Upsert(RollupDocuments.ToDocument(stored is null ? sum : RollupDocuments.HeatmapFromDocument(stored).Add(sum)));
        }
    }

    /// <summary>Adds the batch's rollup changes to the stored rows, one read and one write per zone-hour, zone-day, line-hour, line-day and visit.</summary>
    private void WriteRollups(RollupAccumulator rollups)
    {
        foreach (var (key, progress) in rollups.Visits) _visits.Upsert(RollupDocuments.ToDocument(key, progress));
        AddZones(_zoneRollups, rollups.Zones);
        AddZones(_zoneDayRollups, RollupDays.Zones(rollups.Zones));
        AddLines(_lineRollups, rollups.Lines);
        AddLines(_lineDayRollups, RollupDays.Lines(rollups.Lines));
    }

    private static void AddZones(ILiteCollection<BsonDocument> collection, IEnumerable<ZoneHourRollup> zones)
    {
        foreach (var zone in zones)
        {
            var stored = collection.FindById(RollupDocuments.ZoneId(zone));
            collection.Upsert(RollupDocuments.ToDocument(stored is null ? zone : RollupDocuments.ZoneFromDocument(stored).Add(zone)));
        }
    }

    private static void AddLines(ILiteCollection<BsonDocument> collection, IEnumerable<LineHourRollup> lines)
    {
        foreach (var line in lines)
        {
            var stored = collection.FindById(RollupDocuments.LineId(line));
            collection.Upsert(RollupDocuments.ToDocument(stored is null ? line : RollupDocuments.LineFromDocument(stored).Add(line)));
        }
    }

    private InsertResult InsertDeadLetter(DeadLetter deadLetter, ref int count)
    {
        _deadLetters.Insert(DeadLetterDocuments.ToDocument(deadLetter));
        count++;
        return InsertResult.Stored;
    }

    /// <summary>Deletes the oldest dead letters beyond the cap; returns how many.</summary>
    private int DropOldestDeadLetters(int added)
    {
        var excess = _deadLetterCount + added - _maxDeadLetters;
        if (excess <= 0) return 0;
        var oldest = _deadLetters.Query().OrderBy("_id").Limit((int)excess).ToEnumerable().Select(d => d["_id"]).ToList();
        foreach (var id in oldest) _deadLetters.Delete(id);
        return oldest.Count;
    }

    /// <summary>Rolls up every event and snapshot already stored, in one transaction, so a file from before the rollups loses nothing.</summary>
    private void BuildRollupsOfStoredEvents()
    {
        _db.BeginTrans();
        try
        {
            var rollups = new RollupAccumulator(_ => null);
            foreach (var document in _events.FindAll()) rollups.Apply(EventDocuments.FromDocument(document));
            _zoneRollups.DeleteAll();
            _lineRollups.DeleteAll();
            _zoneDayRollups.DeleteAll();
            _lineDayRollups.DeleteAll();
            _visits.DeleteAll();
            _heatmapRollups.DeleteAll();
            WriteRollups(rollups);
            WriteHeatmapRollups(_heatmaps.FindAll().Select(d => HeatmapHourRollup.Of(HeatmapDocuments.FromDocument(d))));
            _db.Commit();
        }
        catch
        {
            Rollback();
            throw;
        }
        // After the commit (a pragma cannot be set inside a transaction); stopping in between only means building again.
        _db.UserVersion = RollupsVersion;
    }

    private void Rollback()
    {
        try
        {
            _db.Rollback();
        }
        catch (Exception ex) when (ex is LiteException or IOException or ObjectDisposedException)
        {
            // The transaction is gone with the file; nothing of it was committed.
        }
    }
}
