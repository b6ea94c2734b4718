using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using RetailVision.Aggregator.Heatmaps;
using RetailVision.Aggregator.Kpis;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Storage.Postgres;

/// <summary>
/// The chain's system of record: PostgreSQL, shared by every aggregator node. Raw events and snapshots keep their
/// contract JSON (exact to the tick and offset) in tables partitioned by UTC day; ids are deduplicated in one table
/// across partitions and nodes; rollups are added with upserts, and each visit's progress is read under a row lock,
/// so nodes writing the same store at once still count every visit once. One batch is one transaction.
/// </summary>
public sealed class PostgresStore : IAggregatorStorage
{
    private const long PartitionLockKey = 0x5256_5041_5254; // "RVPART"
    private static readonly RollupTables HourTables = new("zone_rollups", "line_rollups", "hour_ticks");
    private static readonly RollupTables DayTables = new("zone_day_rollups", "line_day_rollups", "day_ticks");
    private static readonly JsonSerializerOptions DeadLetterJson = new(JsonSerializerDefaults.Web);
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _maxDeadLetters;
    private readonly KnownPartitions _partitions = new();
    private long _droppedDeadLetters;
    private volatile bool _lastWriteFailed;

    public PostgresStore(NpgsqlDataSource dataSource, int maxDeadLetters)
    {
        _dataSource = dataSource;
        _maxDeadLetters = maxDeadLetters;
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Location = $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
    }

    public string Location { get; }

    public long DroppedDeadLetters => Interlocked.Read(ref _droppedDeadLetters);

    public bool IsHealthy
    {
        get
        {
            if (_lastWriteFailed) return false;
            try
            {
                using var command = _dataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
                return (long)command.ExecuteScalar()! >= PostgresMigrations.All.Count;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    public async Task<IReadOnlyList<InsertResult>> WriteAsync(IReadOnlyList<IngestRecord> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var partitionGeneration = _partitions.Generation;
            var results = await NewIdsAsync(connection, transaction, batch, cancellationToken);
            var events = new List<DecisionPointEvent>();
            var heatmaps = new List<HeatmapSnapshot>();
            var deadLetters = new List<DeadLetter>();
            for (var i = 0; i < batch.Count; i++)
            {
                switch (batch[i])
                {
                    case IngestRecord.Event e when results[i] == InsertResult.Stored: events.Add(e.Value); break;
                    case IngestRecord.Heatmap h when results[i] == InsertResult.Stored: heatmaps.Add(h.Value); break;
                    case IngestRecord.Refused d: deadLetters.Add(d.Value); break;
                }
            }
            var partitions = await EnsurePartitionsAsync(connection, transaction, events.Select(e => ("events", e.EnteredAt)).Concat(heatmaps.Select(h => ("heatmaps", h.PeriodStart))), cancellationToken);
            await InsertEventsAsync(connection, transaction, events, cancellationToken);
            await InsertHeatmapsAsync(connection, transaction, heatmaps, cancellationToken);
            await InsertCatalogAsync(connection, transaction, events, heatmaps, cancellationToken);
            await UpdateRollupsAsync(connection, transaction, events, cancellationToken);
            await UpsertHeatmapRollupsAsync(connection, transaction, heatmaps, cancellationToken);
            var dropped = await InsertDeadLettersAsync(connection, transaction, deadLetters, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _partitions.Created(partitions, partitionGeneration);
            Interlocked.Add(ref _droppedDeadLetters, dropped);
            _lastWriteFailed = false;
            return results;
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            _lastWriteFailed = true;
            throw new StorageUnavailableException($"PostgreSQL at {Location} cannot be written: {ex.Message}", ex);
        }
    }

    public IReadOnlyList<DecisionPointEvent> FindEvents(string storeId, TimeRange range, int limit = int.MaxValue) =>
        Query("SELECT payload FROM events WHERE store_id = @store AND entered_ticks >= @from AND entered_ticks < @to ORDER BY entered_ticks, seq LIMIT @limit",
            c => Bind(c, storeId, range.From, range.To).Parameters.AddWithValue("limit", (long)limit),
            r => JsonSerializer.Deserialize(r.GetString(0), ContractJson.Default.DecisionPointEvent)!);

    public IReadOnlyList<HeatmapSnapshot> FindHeatmaps(string storeId, string? cameraId, TimeRange range) =>
        Query("SELECT payload FROM heatmaps WHERE store_id = @store AND period_ticks >= @from AND period_ticks < @to AND (@camera::text IS NULL OR camera_id = @camera) ORDER BY period_ticks, seq",
            c => Bind(c, storeId, range.From, range.To).Parameters.Add(new NpgsqlParameter("camera", NpgsqlDbType.Text) { Value = (object?)cameraId ?? DBNull.Value }),
            r => JsonSerializer.Deserialize(r.GetString(0), ContractJson.Default.HeatmapSnapshot)!);

    public IReadOnlyList<DeadLetter> LatestDeadLetters(int limit, string? storeId = null) =>
        Query("SELECT record FROM dead_letters WHERE (@store::text IS NULL OR store_id = @store) ORDER BY id DESC LIMIT @limit",
            c =>
            {
                c.Parameters.Add(new NpgsqlParameter("store", NpgsqlDbType.Text) { Value = (object?)storeId ?? DBNull.Value });
                c.Parameters.AddWithValue("limit", (long)limit);
            },
            r => JsonSerializer.Deserialize<DeadLetter>(r.GetString(0), DeadLetterJson)!);

    public IReadOnlyList<StoreSummary> Stores() =>
        StoreSummary.FromCatalog(Query("SELECT store_id, camera_id, zone_id FROM catalog", _ => { },
            r => (r.GetString(0), r.GetString(1), r.GetString(2) is { Length: > 0 } zone ? zone : null)));

    public bool HasStore(string storeId) =>
        Query("SELECT 1 FROM catalog WHERE store_id = @store LIMIT 1", c => c.Parameters.AddWithValue("store", storeId), _ => true).Count > 0;

    public IReadOnlyList<ZoneHourRollup> ZoneRollups(string storeId, DateTimeOffset fromHour, DateTimeOffset toHour) =>
        ReadZones(HourTables, storeId, fromHour, toHour);

    public IReadOnlyList<LineHourRollup> LineRollups(string storeId, DateTimeOffset fromHour, DateTimeOffset toHour) =>
        ReadLines(HourTables, storeId, fromHour, toHour);

    public IReadOnlyList<ZoneHourRollup> ZoneDayRollups(string storeId, DateTimeOffset fromDay, DateTimeOffset toDay) =>
        ReadZones(DayTables, storeId, fromDay, toDay);

    public IReadOnlyList<LineHourRollup> LineDayRollups(string storeId, DateTimeOffset fromDay, DateTimeOffset toDay) =>
        ReadLines(DayTables, storeId, fromDay, toDay);

    private IReadOnlyList<ZoneHourRollup> ReadZones(RollupTables tables, string storeId, DateTimeOffset from, DateTimeOffset to) =>
        Query($"""
              SELECT camera_id, zone_id, {tables.Period}, visits, completed_visits, dwell_sum_seconds, dwell::text, pass_by, browse, engaged, served, abandoned
              FROM {tables.Zones} WHERE store_id = @store AND {tables.Period} >= @from AND {tables.Period} < @to
              """,
            c => Bind(c, storeId, from, to),
            r => new ZoneHourRollup(storeId, r.GetString(0), r.GetString(1), new DateTimeOffset(r.GetInt64(2), TimeSpan.Zero), r.GetInt64(3), r.GetInt64(4),
                r.GetDouble(5), Histogram(r.GetString(6)), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11)));

    private IReadOnlyList<LineHourRollup> ReadLines(RollupTables tables, string storeId, DateTimeOffset from, DateTimeOffset to) =>
        Query($"SELECT camera_id, line_id, {tables.Period}, crossed_in, crossed_out FROM {tables.Lines} WHERE store_id = @store AND {tables.Period} >= @from AND {tables.Period} < @to",
            c => Bind(c, storeId, from, to),
            r => new LineHourRollup(storeId, r.GetString(0), r.GetString(1), new DateTimeOffset(r.GetInt64(2), TimeSpan.Zero), r.GetInt64(3), r.GetInt64(4)));

    public async Task<string> DropRawBeforeAsync(RawRetentionCutoffs cutoffs, CancellationToken cancellationToken)
    {
        var dropped = new List<string>();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PartitionLockKey})", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        // Day partitions hold every store, so a whole one goes only once every store is past it; stores with a shorter
        // retention lose their older rows one by one (the primary keys lead with store and time).
        if (cutoffs.Everyone is { } everyone)
        {
            var partitions = new List<string>();
            await using (var list = new NpgsqlCommand(
                             "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent IN ('events'::regclass, 'heatmaps'::regclass)",
                             connection, transaction))
            await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken)) partitions.Add(reader.GetString(0));
            foreach (var name in partitions)
            {
                // Names are ours: {table}_{yyyyMMdd}.
                if (!DateTime.TryParseExact(name[(name.LastIndexOf('_') + 1)..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var partitionDay)
                    || partitionDay.ToUniversalTime().Date >= everyone.UtcDateTime.Date) continue;
                await ExecuteAsync(connection, transaction, $"DROP TABLE {name}", cancellationToken);
                dropped.Add(name);
            }
        }
        var rows = 0;
        foreach (var (table, ticks) in RetainedTables)
        {
            if (cutoffs.Default is { } defaultCutoff)
                rows += await ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE {ticks} < @cutoff AND NOT (store_id = ANY(@overridden))",
                    cancellationToken, ("cutoff", defaultCutoff.UtcTicks), ("overridden", cutoffs.Overridden));
            foreach (var (store, storeCutoff) in cutoffs.Stores)
                if (storeCutoff is { } cutoff)
                    rows += await ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE store_id = @store AND {ticks} < @cutoff",
                        cancellationToken, ("store", store), ("cutoff", cutoff.UtcTicks));
        }
        await transaction.CommitAsync(cancellationToken);
        if (dropped.Count > 0) _partitions.Dropped(dropped);
        return dropped.Count + rows == 0 ? "" : $"{dropped.Count} partitions ({string.Join(", ", dropped)}), {rows} rows of shorter retentions, ids and visits";
    }

    // Raw tables and their time columns, aged out per store.
    private static readonly (string Table, string Ticks)[] RetainedTables =
        [("events", "entered_ticks"), ("heatmaps", "period_ticks"), ("message_ids", "ticks"), ("visits", "entered_ticks")];

    public IReadOnlyList<HeatmapHourRollup> HeatmapRollups(string storeId, string? cameraId, DateTimeOffset fromHour, DateTimeOffset toHour) =>
        Query("""
              SELECT camera_id, hour_ticks, columns, rows, frame_width, frame_height, cell_seconds, snapshots, period_start, period_end
              FROM heatmap_rollups WHERE store_id = @store AND hour_ticks >= @from AND hour_ticks < @to AND (@camera::text IS NULL OR camera_id = @camera)
              """,
            c => Bind(c, storeId, fromHour, toHour).Parameters.Add(new NpgsqlParameter("camera", NpgsqlDbType.Text) { Value = (object?)cameraId ?? DBNull.Value }),
            r => new HeatmapHourRollup(storeId, r.GetString(0), new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4),
                r.GetInt32(5), r.GetFieldValue<double[]>(6), r.GetInt32(7), Instant(r.GetString(8)), Instant(r.GetString(9))));

    public void Dispose() => _dataSource.Dispose();

    /// <summary>Claims the batch's ids; a record is stored when its id is new here and first in the batch.</summary>
    private static async Task<InsertResult[]> NewIdsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<IngestRecord> batch, CancellationToken cancellationToken)
    {
        var ids = new List<(Guid Id, string Store, long Ticks)>();
        foreach (var record in batch)
        {
            if (record is IngestRecord.Event e) ids.Add((e.Value.EventId, e.Value.StoreId, e.Value.EnteredAt.UtcTicks));
            else if (record is IngestRecord.Heatmap h) ids.Add((h.Value.SnapshotId, h.Value.StoreId, h.Value.PeriodStart.UtcTicks));
        }
        var claimed = new HashSet<Guid>();
        if (ids.Count > 0)
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO message_ids (id, store_id, ticks) SELECT * FROM unnest(@ids, @stores, @ticks) ON CONFLICT DO NOTHING RETURNING id", connection, transaction);
            command.Parameters.AddWithValue("ids", ids.Select(i => i.Id).ToArray());
            command.Parameters.AddWithValue("stores", ids.Select(i => i.Store).ToArray());
            command.Parameters.AddWithValue("ticks", ids.Select(i => i.Ticks).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) claimed.Add(reader.GetGuid(0));
        }
        var results = new InsertResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            Guid? id = batch[i] switch
            {
                IngestRecord.Event e => e.Value.EventId,
                IngestRecord.Heatmap h => h.Value.SnapshotId,
                _ => null,
            };
            // Remove: only the first record with a claimed id is stored; later ones in the batch are duplicates.
            results[i] = id is null || claimed.Remove(id.Value) ? InsertResult.Stored : InsertResult.Duplicate;
        }
        return results;
    }

    /// <summary>Creates the day partitions the batch needs, under a lock so that nodes do not race; returns their names.</summary>
    private async Task<IReadOnlyList<string>> EnsurePartitionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<(string Table, DateTimeOffset At)> rows, CancellationToken cancellationToken)
    {
        var needed = rows.Select(r => (r.Table, Day: r.At.UtcDateTime.Date)).Distinct()
            .Select(r => (r.Table, r.Day, Name: $"{r.Table}_{r.Day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}"))
            .Where(r => !_partitions.Contains(r.Name)).ToList();
        if (needed.Count == 0) return [];
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PartitionLockKey})", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        foreach (var (table, day, name) in needed)
        {
            var from = new DateTimeOffset(day, TimeSpan.Zero).UtcTicks;
            await using var command = new NpgsqlCommand(
                $"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {table} FOR VALUES FROM ({from}) TO ({from + TimeSpan.TicksPerDay})", connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return needed.Select(n => n.Name).ToList();
    }

    private static async Task InsertEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<DecisionPointEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        await ExecuteAsync(connection, transaction,
            "INSERT INTO events (store_id, entered_ticks, event_id, camera_id, zone_id, kind, payload) SELECT * FROM unnest(@stores, @ticks, @ids, @cameras, @zones, @kinds, @payloads)", cancellationToken,
            ("stores", events.Select(e => e.StoreId).ToArray()),
            ("ticks", events.Select(e => e.EnteredAt.UtcTicks).ToArray()),
            ("ids", events.Select(e => e.EventId).ToArray()),
            ("cameras", events.Select(e => e.CameraId).ToArray()),
            ("zones", events.Select(e => e.ZoneId).ToArray()),
            ("kinds", events.Select(e => e.Kind.ToString()).ToArray()),
            ("payloads", events.Select(ContractJson.SerializeToString).ToArray()));
    }

    private static async Task InsertHeatmapsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<HeatmapSnapshot> heatmaps, CancellationToken cancellationToken)
    {
        if (heatmaps.Count == 0) return;
        await ExecuteAsync(connection, transaction,
            "INSERT INTO heatmaps (store_id, period_ticks, snapshot_id, camera_id, payload) SELECT * FROM unnest(@stores, @ticks, @ids, @cameras, @payloads)", cancellationToken,
            ("stores", heatmaps.Select(h => h.StoreId).ToArray()),
            ("ticks", heatmaps.Select(h => h.PeriodStart.UtcTicks).ToArray()),
            ("ids", heatmaps.Select(h => h.SnapshotId).ToArray()),
            ("cameras", heatmaps.Select(h => h.CameraId).ToArray()),
            ("payloads", heatmaps.Select(ContractJson.SerializeToString).ToArray()));
    }

    private static async Task InsertCatalogAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<DecisionPointEvent> events, List<HeatmapSnapshot> heatmaps, CancellationToken cancellationToken)
    {
        var entries = events.Select(e => (e.StoreId, e.CameraId, e.ZoneId)).Concat(heatmaps.Select(h => (h.StoreId, h.CameraId, ZoneId: ""))).Distinct().ToList();
        if (entries.Count == 0) return;
        await ExecuteAsync(connection, transaction,
            "INSERT INTO catalog (store_id, camera_id, zone_id) SELECT * FROM unnest(@stores, @cameras, @zones) ON CONFLICT DO NOTHING", cancellationToken,
            ("stores", entries.Select(e => e.StoreId).ToArray()),
            ("cameras", entries.Select(e => e.CameraId).ToArray()),
            ("zones", entries.Select(e => e.ZoneId).ToArray()));
    }

    /// <summary>
    /// Locks the progress rows of the batch's visits (made first if missing, so there is a row to lock), sums what the
    /// new events change, and adds it to the rollups with upserts that add in the database.
    /// </summary>
    private static async Task UpdateRollupsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<DecisionPointEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        var visits = events.Where(e => e.Kind != DecisionPointKind.LineCross)
            .Select(e => (e.StoreId, Key: RollupChange.VisitKey(e), Ticks: e.EnteredAt.UtcTicks)).Distinct().ToList();
        var known = new Dictionary<string, VisitProgress>(StringComparer.Ordinal);
        if (visits.Count > 0)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO visits (store_id, visit_key, progress, entered_ticks) SELECT s, k, 0, t FROM unnest(@stores, @keys, @ticks) AS v(s, k, t) ON CONFLICT DO NOTHING",
                cancellationToken,
                ("stores", visits.Select(v => v.StoreId).ToArray()),
                ("keys", visits.Select(v => v.Key).ToArray()),
                ("ticks", visits.Select(v => v.Ticks).ToArray()));
            await using var select = new NpgsqlCommand(
                "SELECT visit_key, progress FROM visits WHERE (store_id, visit_key) IN (SELECT * FROM unnest(@stores, @keys)) ORDER BY store_id, visit_key FOR UPDATE",
                connection, transaction);
            select.Parameters.AddWithValue("stores", visits.Select(v => v.StoreId).ToArray());
            select.Parameters.AddWithValue("keys", visits.Select(v => v.Key).ToArray());
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                if (reader.GetInt16(1) > 0) known[reader.GetString(0)] = (VisitProgress)(reader.GetInt16(1) - 1);
        }
        var rollups = new RollupAccumulator(key => known.TryGetValue(key, out var progress) ? progress : null);
        foreach (var e in events) rollups.Apply(e);

        if (rollups.Visits.Count > 0)
        {
            var storeOf = visits.ToDictionary(v => v.Key, v => v.StoreId, StringComparer.Ordinal);
            await ExecuteAsync(connection, transaction,
                "UPDATE visits SET progress = v.p FROM unnest(@stores, @keys, @progress) AS v(s, k, p) WHERE visits.store_id = v.s AND visits.visit_key = v.k", cancellationToken,
                ("stores", rollups.Visits.Keys.Select(k => storeOf[k]).ToArray()),
                ("keys", rollups.Visits.Keys.ToArray()),
                ("progress", rollups.Visits.Values.Select(p => (short)((int)p + 1)).ToArray()));
        }
        await UpsertZonesAsync(connection, transaction, HourTables, rollups.Zones, cancellationToken);
        await UpsertLinesAsync(connection, transaction, HourTables, rollups.Lines, cancellationToken);
        await UpsertZonesAsync(connection, transaction, DayTables, RollupDays.Zones(rollups.Zones), cancellationToken);
        await UpsertLinesAsync(connection, transaction, DayTables, RollupDays.Lines(rollups.Lines), cancellationToken);
    }

    private static async Task UpsertZonesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RollupTables tables, IReadOnlyCollection<ZoneHourRollup> zones, CancellationToken cancellationToken)
    {
        if (zones.Count == 0) return;
        await ExecuteAsync(connection, transaction, $"""
            INSERT INTO {tables.Zones} AS r (store_id, {tables.Period}, camera_id, zone_id, visits, completed_visits, dwell_sum_seconds, dwell, pass_by, browse, engaged, served, abandoned)
            SELECT s, h, c, z, v, cv, ds, d::jsonb, pb, b, e, sv, a
            FROM unnest(@stores, @hours, @cameras, @zones, @visits, @completed, @sums, @dwell, @passBy, @browse, @engaged, @served, @abandoned)
                 AS x(s, h, c, z, v, cv, ds, d, pb, b, e, sv, a)
            ON CONFLICT (store_id, {tables.Period}, camera_id, zone_id) DO UPDATE SET
                visits = r.visits + excluded.visits, completed_visits = r.completed_visits + excluded.completed_visits,
                dwell_sum_seconds = r.dwell_sum_seconds + excluded.dwell_sum_seconds, dwell = rv_add_counts(r.dwell, excluded.dwell),
                pass_by = r.pass_by + excluded.pass_by, browse = r.browse + excluded.browse, engaged = r.engaged + excluded.engaged,
                served = r.served + excluded.served, abandoned = r.abandoned + excluded.abandoned
            """, cancellationToken,
            ("stores", zones.Select(z => z.StoreId).ToArray()),
            ("hours", zones.Select(z => z.Hour.UtcTicks).ToArray()),
            ("cameras", zones.Select(z => z.CameraId).ToArray()),
            ("zones", zones.Select(z => z.ZoneId).ToArray()),
            ("visits", zones.Select(z => z.Visits).ToArray()),
            ("completed", zones.Select(z => z.CompletedVisits).ToArray()),
            ("sums", zones.Select(z => z.DwellSumSeconds).ToArray()),
            ("dwell", zones.Select(z => JsonSerializer.Serialize(z.Dwell.Counts.ToDictionary(c => c.Key.ToString(CultureInfo.InvariantCulture), c => c.Value))).ToArray()),
            ("passBy", zones.Select(z => z.PassBy).ToArray()),
            ("browse", zones.Select(z => z.Browse).ToArray()),
            ("engaged", zones.Select(z => z.Engaged).ToArray()),
            ("served", zones.Select(z => z.Served).ToArray()),
            ("abandoned", zones.Select(z => z.Abandoned).ToArray()));
    }

    private static async Task UpsertLinesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RollupTables tables, IReadOnlyCollection<LineHourRollup> lines, CancellationToken cancellationToken)
    {
        if (lines.Count == 0) return;
        await ExecuteAsync(connection, transaction, $"""
            INSERT INTO {tables.Lines} AS r (store_id, {tables.Period}, camera_id, line_id, crossed_in, crossed_out)
            SELECT * FROM unnest(@stores, @hours, @cameras, @lines, @in, @out)
            ON CONFLICT (store_id, {tables.Period}, camera_id, line_id) DO UPDATE SET
                crossed_in = r.crossed_in + excluded.crossed_in, crossed_out = r.crossed_out + excluded.crossed_out
            """, cancellationToken,
            ("stores", lines.Select(l => l.StoreId).ToArray()),
            ("hours", lines.Select(l => l.Hour.UtcTicks).ToArray()),
            ("cameras", lines.Select(l => l.CameraId).ToArray()),
            ("lines", lines.Select(l => l.LineId).ToArray()),
            ("in", lines.Select(l => l.In).ToArray()),
            ("out", lines.Select(l => l.Out).ToArray()));
    }

    /// <summary>Adds the batch's snapshots to their camera-hours, one upsert per camera-hour (a grid is one array value).</summary>
    private static async Task UpsertHeatmapRollupsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<HeatmapSnapshot> heatmaps, CancellationToken cancellationToken)
    {
        var sums = heatmaps.Select(HeatmapHourRollup.Of)
            .GroupBy(h => (h.StoreId, h.CameraId, h.Hour, h.Columns, h.Rows, h.FrameWidth, h.FrameHeight))
            .Select(g => g.Aggregate((a, b) => a.Add(b)));
        foreach (var h in sums)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO heatmap_rollups AS r (store_id, hour_ticks, camera_id, columns, rows, frame_width, frame_height, cell_seconds, snapshots,
                                                  period_start, period_end, period_start_ticks, period_end_ticks)
                VALUES (@store, @hour, @camera, @columns, @rows, @width, @height, @cells, @snapshots, @start, @end, @startTicks, @endTicks)
                ON CONFLICT (store_id, hour_ticks, camera_id, columns, rows, frame_width, frame_height) DO UPDATE SET
                    cell_seconds = rv_add_cells(r.cell_seconds, excluded.cell_seconds), snapshots = r.snapshots + excluded.snapshots,
                    period_start = CASE WHEN excluded.period_start_ticks < r.period_start_ticks THEN excluded.period_start ELSE r.period_start END,
                    period_start_ticks = least(r.period_start_ticks, excluded.period_start_ticks),
                    period_end = CASE WHEN excluded.period_end_ticks > r.period_end_ticks THEN excluded.period_end ELSE r.period_end END,
                    period_end_ticks = greatest(r.period_end_ticks, excluded.period_end_ticks)
                """, cancellationToken,
                ("store", h.StoreId), ("hour", h.Hour.UtcTicks), ("camera", h.CameraId), ("columns", h.Columns), ("rows", h.Rows),
                ("width", h.FrameWidth), ("height", h.FrameHeight), ("cells", h.CellSeconds), ("snapshots", h.Snapshots),
                ("start", h.PeriodStart.ToString("O", CultureInfo.InvariantCulture)), ("end", h.PeriodEnd.ToString("O", CultureInfo.InvariantCulture)),
                ("startTicks", h.PeriodStart.UtcTicks), ("endTicks", h.PeriodEnd.UtcTicks));
        }
    }

    /// <summary>Inserts the dead letters and drops the oldest beyond the cap; returns how many were dropped.</summary>
    private async Task<int> InsertDeadLettersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        if (deadLetters.Count == 0) return 0;
        await ExecuteAsync(connection, transaction, "INSERT INTO dead_letters (store_id, record) SELECT * FROM unnest(@stores, @records)", cancellationToken,
            ("stores", deadLetters.Select(d => d.StoreId).ToArray()),
            ("records", deadLetters.Select(d => JsonSerializer.Serialize(d, DeadLetterJson)).ToArray()));
        return await ExecuteAsync(connection, transaction,
            "DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters ORDER BY id LIMIT greatest(0, (SELECT count(*) FROM dead_letters) - @cap))",
            cancellationToken, ("cap", (long)_maxDeadLetters));
    }

    /// <summary>Runs a statement whose parameters are arrays (for <c>unnest</c>): one round trip for a whole batch.</summary>
    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Values)[] arrays)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, values) in arrays) command.Parameters.AddWithValue(name, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private List<T> Query<T>(string sql, Action<NpgsqlCommand> bind, Func<NpgsqlDataReader, T> read)
    {
        using var command = _dataSource.CreateCommand(sql);
        bind(command);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    private static NpgsqlCommand Bind(NpgsqlCommand command, string storeId, DateTimeOffset from, DateTimeOffset to)
    {
        command.Parameters.AddWithValue("store", storeId);
        command.Parameters.AddWithValue("from", from.UtcTicks);
        command.Parameters.AddWithValue("to", to.UtcTicks);
        return command;
    }

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static DwellHistogram Histogram(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, long>>(json)!.ToDictionary(c => int.Parse(c.Key, CultureInfo.InvariantCulture), c => c.Value));

    /// <summary>Connection trouble, a server going away or a disposed source: nothing about the batch itself.</summary>
    private static bool IsUnavailable(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
                                || pg.SqlState == PostgresErrorCodes.UndefinedTable,
        NpgsqlException { InnerException: SocketException or IOException or TimeoutException } => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        ObjectDisposedException or SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The zone and line rollup tables of one period length, and the column holding a row's period start.</summary>
    private sealed record RollupTables(string Zones, string Lines, string Period);
}
