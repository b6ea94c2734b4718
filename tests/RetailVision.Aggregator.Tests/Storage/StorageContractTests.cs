using System.Buffers;
using RetailVision.Aggregator.Heatmaps;
using RetailVision.Aggregator.Kpis;
using RetailVision.Contracts;
using RetailVision.Aggregator.Storage;
using RetailVision.Aggregator.Tests.Support;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Storage;

/// <summary>
/// What every storage backend must do, run against each of them (a subclass per backend opens it, and skips where the
/// backend cannot run on this machine): batches stored
/// once by id, events and snapshots back exactly, ranges, dead letters, the catalog, durability across a reopen.
/// </summary>
public abstract class StorageContractTests : IDisposable
{
    /// <summary>Opens the backend under test on this test's data, empty at first and as left by earlier opens after that.</summary>
    protected abstract IAggregatorStorage Open(int maxDeadLetters = 100_000);

    public virtual void Dispose()
    {
    }

    [SkippableFact]
    public void A_duplicate_event_is_stored_once_and_does_not_undo_other_inserts()
    {
        using var repository = Open();
        var enter = Enter("s1", "cam", "shelf", 1, 0);
        var exit = Exit("s1", "cam", "shelf", 1, 0, 12.5);

        Assert.Equal(InsertResult.Stored, repository.Insert(enter));
        Assert.Equal(InsertResult.Duplicate, repository.Insert(enter));
        Assert.Equal(InsertResult.Stored, repository.Insert(exit));
        Assert.Equal(InsertResult.Duplicate, repository.Insert(exit with { ZoneId = "changed" }));

        Assert.Equal([enter, exit], repository.FindEvents("s1", TimeRange.All));
    }

    [SkippableFact]
    public void Events_come_back_exactly_including_sub_millisecond_times_and_offsets()
    {
        using var repository = Open();
        var entered = new DateTimeOffset(2026, 11, 23, 21, 0, 3, TimeSpan.FromHours(1)).AddTicks(1234567);
        var exit = Exit("s1", "cam", "shelf", 7, 0, 4.3) with { EnteredAt = entered, ExitedAt = entered.AddSeconds(4.3), Timestamp = entered.AddSeconds(4.3), DwellClass = RetailVision.Contracts.DwellClass.Browse };

        repository.Insert(exit);

        var stored = Assert.Single(repository.FindEvents("s1", TimeRange.All));
        Assert.Equal(exit, stored);
        Assert.Equal(exit.EnteredAt.Offset, stored.EnteredAt.Offset);
        Assert.Equal(exit.EnteredAt.Ticks, stored.EnteredAt.Ticks);
    }

    [SkippableFact]
    public void Line_crossings_and_queue_outcomes_come_back_exactly()
    {
        using var repository = Open();
        var cross = Cross("s1", "cam", "door", 3, 2, RetailVision.Contracts.LineDirection.Out);
        var served = Exit("s1", "cam", "till", 4, 5, 40) with { Served = true };

        repository.Insert(cross);
        repository.Insert(served);

        var stored = repository.FindEvents("s1", TimeRange.All);
        Assert.Contains(cross, stored);
        Assert.Contains(served, stored);
    }

    [SkippableFact]
    public void Finds_events_of_one_store_in_a_half_open_range_in_entry_order_up_to_a_limit()
    {
        using var repository = Open();
        var at10 = Enter("s1", "cam", "z", 1, 10);
        var at0 = Enter("s1", "cam", "z", 2, 0);
        var at20 = Enter("s1", "cam", "z", 3, 20);
        foreach (var e in new[] { at10, at0, at20, Enter("S1", "cam", "z", 4, 10), Enter("s10", "cam", "z", 5, 10) })
            repository.Insert(e);

        Assert.Equal([at0, at10, at20], repository.FindEvents("s1", TimeRange.All));
        Assert.Equal([at0, at10], repository.FindEvents("s1", new TimeRange(T0, T0.AddSeconds(20))));
        Assert.Equal([at0], repository.FindEvents("s1", TimeRange.All, limit: 1));
        Assert.Empty(repository.FindEvents("s1", new TimeRange(T0.AddSeconds(21), T0.AddSeconds(30))));
    }

    [SkippableFact]
    public void Stores_heatmaps_once_and_finds_them_by_camera_and_period_start()
    {
        using var repository = Open();
        var north = Heatmap("s1", "north", 0, 2, 1, [1.5f, 0]);
        var east = Heatmap("s1", "east", 60, 2, 1, [0, 2]);

        Assert.Equal(InsertResult.Stored, repository.Insert(north));
        Assert.Equal(InsertResult.Duplicate, repository.Insert(north));
        repository.Insert(east);

        var stored = Assert.Single(repository.FindHeatmaps("s1", "north", TimeRange.All));
        Assert.Equal(north.CellSeconds, stored.CellSeconds);
        Assert.Equal(north with { CellSeconds = stored.CellSeconds }, stored);
        Assert.Equal(2, repository.FindHeatmaps("s1", null, TimeRange.All).Count);
        Assert.Equal([east.SnapshotId], repository.FindHeatmaps("s1", null, new TimeRange(T0.AddSeconds(30), T0.AddHours(1))).Select(s => s.SnapshotId));
    }

    [SkippableFact]
    public void Keeps_dead_letters_newest_first_of_every_store_or_of_one()
    {
        using var repository = Open();
        var first = new DeadLetter("retailvision/s1/cam/events", "s1", "payload: not JSON", T0, 5, PayloadExcerpt.From(new ReadOnlySequence<byte>("hello"u8.ToArray())));
        var second = first with { Reason = "version: 2 is not supported", ReceivedAt = T0.AddSeconds(1) };
        var other = first with { Topic = "retailvision/s2/cam/events", StoreId = "s2", ReceivedAt = T0.AddSeconds(2) };
        var nowhere = first with { Topic = "elsewhere", StoreId = null, ReceivedAt = T0.AddSeconds(3) };

        foreach (var deadLetter in new[] { first, second, other, nowhere }) repository.Insert(deadLetter);

        Assert.Equal([nowhere, other, second, first], repository.LatestDeadLetters(10));
        Assert.Equal([nowhere], repository.LatestDeadLetters(1));
        Assert.Equal([second, first], repository.LatestDeadLetters(10, "s1"));
        Assert.Equal([other], repository.LatestDeadLetters(10, "s2"));
    }

    [SkippableFact]
    public void Lists_the_stores_cameras_and_zones_seen()
    {
        using var repository = Open();
        repository.Insert(Enter("s2", "cam", "door", 1, 0));
        repository.Insert(Enter("s1", "cam", "shelf", 1, 0));
        repository.Insert(Enter("s1", "cam", "door", 2, 0));
        repository.Insert(Heatmap("s1", "cam", 0, 1, 1, [1]));
        repository.Insert(Heatmap("s1", "overhead", 0, 1, 1, [1]));

        var stores = repository.Stores();

        Assert.Equal(["s1", "s2"], stores.Select(s => s.StoreId));
        var cameras = stores[0].Cameras;
        Assert.Equal(["cam", "overhead"], cameras.Select(c => c.CameraId));
        Assert.Equal(["door", "shelf"], cameras[0].Zones);
        Assert.True(cameras[0].HasHeatmaps);
        Assert.Empty(cameras[1].Zones);
        Assert.True(repository.HasStore("s1"));
        Assert.False(repository.HasStore("s"));
    }

    [SkippableFact]
    public void What_was_stored_is_there_after_reopening_the_file()
    {
        var enter = Enter("s1", "cam", "shelf", 1, 0);
        using (var repository = Open())
        {
            repository.Insert(enter);
            repository.Insert(new DeadLetter("t", null, "r", T0, 0, PayloadExcerpt.From(ReadOnlySequence<byte>.Empty)));
        }

        using var reopened = Open();

        Assert.Equal([enter], reopened.FindEvents("s1", TimeRange.All));
        Assert.Single(reopened.LatestDeadLetters(10));
        Assert.Equal(InsertResult.Duplicate, reopened.Insert(enter));
        Assert.True(reopened.HasStore("s1"));
    }

    [SkippableFact]
    public async Task A_batch_stores_each_id_once_even_when_it_repeats_inside_the_batch()
    {
        using var repository = Open();
        var enter = Enter("s1", "cam", "shelf", 1, 0);
        var earlier = Enter("s1", "cam", "shelf", 2, 0);
        repository.Insert(earlier);
        var bad = new DeadLetter("retailvision/s1/cam/events", "s1", "payload: not JSON", T0, 1, PayloadExcerpt.From(new ReadOnlySequence<byte>("x"u8.ToArray())));

        var results = await repository.WriteAsync([new IngestRecord.Event(enter), new IngestRecord.Event(enter), new IngestRecord.Event(earlier),
            new IngestRecord.Refused(bad), new IngestRecord.Refused(bad)], CancellationToken.None);

        Assert.Equal([InsertResult.Stored, InsertResult.Duplicate, InsertResult.Duplicate, InsertResult.Stored, InsertResult.Stored], results);
        Assert.Equal(2, repository.FindEvents("s1", TimeRange.All).Count);
        Assert.Equal(2, repository.LatestDeadLetters(10).Count);
    }

    [SkippableFact]
    public void Dead_letters_past_the_cap_drop_the_oldest_and_count_them()
    {
        using var repository = Open(maxDeadLetters: 3);
        var letters = Enumerable.Range(0, 5).Select(i => new DeadLetter($"t{i}", null, "r", T0.AddSeconds(i), 0, PayloadExcerpt.From(ReadOnlySequence<byte>.Empty))).ToList();

        foreach (var letter in letters) repository.Insert(letter);

        Assert.Equal(["t4", "t3", "t2"], repository.LatestDeadLetters(10).Select(d => d.Topic));
        Assert.Equal(2, repository.DroppedDeadLetters);
    }

    [SkippableFact]
    public void Writes_after_the_store_was_closed_are_unavailable_and_mark_storage_unhealthy()
    {
        var repository = Open();
        Assert.True(repository.IsHealthy);
        repository.Dispose();

        Assert.Throws<StorageUnavailableException>(() => repository.Insert(Enter("s1", "cam", "z", 1, 0)));
        Assert.False(repository.IsHealthy);
    }

    [SkippableFact]
    public async Task Rollups_kept_at_ingest_equal_the_rollups_of_the_stored_events_across_batches_replays_and_orders()
    {
        using var repository = Open();
        var events = RandomVisits(seed: 7, count: 400, spanSeconds: 3 * 86_400);
        var random = new Random(7);
        // Shuffled, split into batches of random size, and a fifth of them sent again later, as redeliveries would be.
        var sent = events.OrderBy(_ => random.Next()).Concat(events.Where(_ => random.Next(5) == 0)).ToList();
        for (var i = 0; i < sent.Count;)
        {
            var size = random.Next(1, 50);
            await repository.WriteAsync(sent.Skip(i).Take(size).Select(e => (IngestRecord)new IngestRecord.Event(e)).ToList(), CancellationToken.None);
            i += size;
        }

        var kept = repository.ZoneRollups("s1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        var expected = RollupChange.Summarise(events).Zones;
        Assert.Equal(Describe(expected), Describe(kept));
        Assert.Equal(
            RollupChange.Summarise(events).Lines.Select(l => (l.CameraId, l.LineId, l.Hour, l.In, l.Out)).Order(),
            repository.LineRollups("s1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(l => (l.CameraId, l.LineId, l.Hour, l.In, l.Out)).Order());
        var days = repository.ZoneDayRollups("s1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(Describe(RollupDays.Zones(expected)), Describe(days));
        Assert.Equal(4, days.Select(d => d.Hour).Distinct().Count());
        Assert.Equal(
            RollupDays.Lines(RollupChange.Summarise(events).Lines).Select(l => (l.CameraId, l.LineId, l.Hour, l.In, l.Out)).Order(),
            repository.LineDayRollups("s1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(l => (l.CameraId, l.LineId, l.Hour, l.In, l.Out)).Order());
    }

    // Three hours from T0 (09:00 UTC), ranges starting and ending inside hours and on hour starts; then four days,
    // ranges that also cover whole days, ending on a midnight (54,000 s is 00:00 the next day) or just before one.
    [SkippableTheory]
    [InlineData(HoursSpan, 0, 0)]
    [InlineData(HoursSpan, 0, 600)]
    [InlineData(HoursSpan, 1_234, 9_999)]
    [InlineData(HoursSpan, 3_600, 7_200)]
    [InlineData(HoursSpan, 5_000, 5_400)]
    [InlineData(HoursSpan, -100_000, 100_000)]
    [InlineData(DaysSpan, 0, 0)]
    [InlineData(DaysSpan, 1_234, 300_000)]
    [InlineData(DaysSpan, 54_000, 140_400)]
    [InlineData(DaysSpan, 53_000, 140_000)]
    [InlineData(DaysSpan, -100_000, 400_000)]
    public async Task Kpis_from_day_hour_and_edge_rollups_equal_kpis_from_every_raw_event(int spanSeconds, int fromSeconds, int toSeconds)
    {
        using var repository = Open();
        var events = RandomVisits(seed: 11, count: spanSeconds == HoursSpan ? 300 : 600, spanSeconds: spanSeconds);
        await repository.WriteAsync(events.Select(e => (IngestRecord)new IngestRecord.Event(e)).ToList(), CancellationToken.None);
        var range = fromSeconds == toSeconds ? TimeRange.All : new TimeRange(T0.AddSeconds(fromSeconds), T0.AddSeconds(toSeconds));

        var fromRollups = StoreKpiQuery.Run("s1", range, repository, repository);
        var fromRaw = ZoneKpiCalculator.Calculate("s1", events, range);

        Assert.Equal(Describe(fromRaw), Describe(fromRollups));
        Assert.NotEmpty(fromRaw.Zones);
    }

    private const int HoursSpan = 3 * 3600;
    private const int DaysSpan = 4 * 86_400;

    /// <summary>Enters, exits (some without their enter) and crossings over <paramref name="spanSeconds"/> (about three hours), two zones and a line.</summary>
    private static List<DecisionPointEvent> RandomVisits(int seed, int count, int spanSeconds = HoursSpan)
    {
        var random = new Random(seed);
        var events = new List<DecisionPointEvent>();
        for (var track = 0; track < count; track++)
        {
            var at = random.Next(0, spanSeconds);
            var zone = random.Next(2) == 0 ? "shelf" : "till";
            var dwell = Math.Round(random.NextDouble() * 120, 2);
            switch (random.Next(4))
            {
                case 0:
                    events.Add(Enter("s1", "cam", zone, track, at));
                    break;
                case 1:
                    events.Add(Exit("s1", "cam", zone, track, at, dwell) with { DwellClass = (DwellClass)random.Next(3), Served = zone == "till" ? random.Next(2) == 0 : null });
                    break;
                case 2:
                    events.Add(Enter("s1", "cam", zone, track, at));
                    events.Add(Exit("s1", "cam", zone, track, at, dwell));
                    break;
                default:
                    events.Add(Cross("s1", "cam", "door", track, at, random.Next(2) == 0 ? LineDirection.In : LineDirection.Out));
                    break;
            }
        }
        return events;
    }

    // Sums of dwell may differ in their last bits with the order of addition; six decimals are what the API is read to.
    private static List<string> Describe(StoreKpis kpis) =>
    [
        .. kpis.Zones.Select(z => $"{z.CameraId}/{z.ZoneId}: {z.Visits} {z.CompletedVisits} {z.MeanDwellSeconds:0.000000} {z.MedianDwellSeconds} {z.PassBy} {z.Browse} {z.Engaged} {z.Served} {z.Abandoned}"),
        .. kpis.Lines.Select(l => $"{l.CameraId}/{l.LineId}: {l.In} {l.Out}"),
        $"totals: {kpis.Totals.Visits} {kpis.Totals.CompletedVisits} {kpis.Totals.MeanDwellSeconds:0.000000} {kpis.Totals.MedianDwellSeconds}",
    ];

    protected static List<string> Describe(IEnumerable<ZoneHourRollup> rollups) =>
        rollups.Select(z => $"{z.CameraId}/{z.ZoneId}/{z.Hour:O}: {z.Visits} {z.CompletedVisits} {z.DwellSumSeconds:0.000} " +
                            $"{string.Join(",", z.Dwell.Counts.OrderBy(c => c.Key).Select(c => $"{c.Key}:{c.Value}"))} {z.PassBy} {z.Browse} {z.Engaged} {z.Served} {z.Abandoned}")
            .Order(StringComparer.Ordinal).ToList();

    private static RawRetentionCutoffs DayAfterT0(IReadOnlyDictionary<string, DateTimeOffset?>? stores = null) =>
        new(new DateTimeOffset(T0.UtcDateTime.Date.AddDays(1), TimeSpan.Zero), stores ?? new Dictionary<string, DateTimeOffset?>());

    [SkippableFact]
    public async Task Retention_drops_raw_rows_of_whole_days_before_the_cutoff_and_keeps_the_rollups()
    {
        using var repository = Open();
        var old = Exit("s1", "cam", "shelf", 1, 0, 10);
        var kept = Exit("s1", "cam", "shelf", 2, 2 * 86_400, 20);
        repository.Insert(old);
        repository.Insert(kept);
        repository.Insert(Heatmap("s1", "cam", 0, 1, 1, [1]));
        repository.Insert(Heatmap("s1", "cam", 2 * 86_400, 1, 1, [1]));

        var dropped = await repository.DropRawBeforeAsync(DayAfterT0(), CancellationToken.None);

        Assert.NotEmpty(dropped);
        Assert.Equal([kept], repository.FindEvents("s1", TimeRange.All));
        Assert.Single(repository.FindHeatmaps("s1", null, TimeRange.All));
        Assert.Equal([1L, 1L], repository.ZoneRollups("s1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).OrderBy(z => z.Hour).Select(z => z.Visits));
        Assert.Equal(InsertResult.Duplicate, repository.Insert(kept));
        Assert.Empty(await repository.DropRawBeforeAsync(DayAfterT0(), CancellationToken.None));
    }

    [SkippableFact]
    public async Task Retention_per_store_keeps_a_longer_stores_rows_and_ages_out_a_shorter_ones_within_a_shared_day()
    {
        using var repository = Open();
        var defaultOld = Exit("s1", "cam", "shelf", 1, 0, 10);
        var flagshipOld = Exit("flagship", "cam", "shelf", 2, 0, 10);
        var pilotRecent = Exit("pilot", "cam", "shelf", 3, 2 * 86_400, 10);
        var pilotKept = Exit("pilot", "cam", "shelf", 4, 3 * 86_400 + 60, 10);
        foreach (var e in new[] { defaultOld, flagshipOld, pilotRecent, pilotKept }) repository.Insert(e);
        repository.Insert(Heatmap("pilot", "cam", 2 * 86_400, 1, 1, [1]));

        // s1 follows the default (the day after T0), the flagship keeps everything, the pilot keeps from day 3 on.
        await repository.DropRawBeforeAsync(DayAfterT0(new Dictionary<string, DateTimeOffset?>
        {
            ["flagship"] = null,
            ["pilot"] = new DateTimeOffset(T0.UtcDateTime.Date.AddDays(3), TimeSpan.Zero),
        }), CancellationToken.None);

        Assert.Empty(repository.FindEvents("s1", TimeRange.All));
        Assert.Equal([flagshipOld], repository.FindEvents("flagship", TimeRange.All));
        Assert.Equal([pilotKept], repository.FindEvents("pilot", TimeRange.All));
        Assert.Empty(repository.FindHeatmaps("pilot", null, TimeRange.All));
        Assert.Equal(InsertResult.Duplicate, repository.Insert(flagshipOld));
        Assert.Equal(2L, repository.ZoneRollups("pilot", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Sum(z => z.Visits));
    }

    [SkippableTheory]
    [InlineData(0, 0)]
    [InlineData(600, 9_000)]
    [InlineData(3_600, 7_200)]
    [InlineData(100, 200)]
    public async Task Heatmaps_from_rollups_and_edge_snapshots_equal_the_sum_of_every_snapshot(int fromSeconds, int toSeconds)
    {
        using var repository = Open();
        var random = new Random(5);
        var snapshots = Enumerable.Range(0, 120).Select(i => Heatmap("s1", i % 3 == 0 ? "north" : "east", random.Next(0, 3 * 3600), 3, 2,
            Enumerable.Range(0, 6).Select(_ => (float)Math.Round(random.NextDouble() * 5, 2)).ToArray())).ToList();
        // A camera re-configured to another grid: its older snapshots are skipped in the sum, by both paths alike.
        snapshots.Add(Heatmap("s1", "east", 10, 2, 2, [1, 1, 1, 1]) with { PeriodEnd = T0.AddSeconds(20) });
        await repository.WriteAsync([.. snapshots.Select(h => (IngestRecord)new IngestRecord.Heatmap(h)), new IngestRecord.Heatmap(snapshots[0])], CancellationToken.None);
        var range = fromSeconds == toSeconds ? TimeRange.All : new TimeRange(T0.AddSeconds(fromSeconds), T0.AddSeconds(toSeconds));

        var fromRollups = StoreHeatmapQuery.Run("s1", null, range, repository, repository);
        var fromRaw = HeatmapAccumulator.SumByCamera(snapshots.Where(h => range.Contains(h.PeriodStart)));

        Assert.Equal(fromRaw.Select(Describe), fromRollups.Select(Describe));
        Assert.NotEmpty(fromRaw);
    }

    private static string Describe(CameraHeatmap h) =>
        $"{h.CameraId} {h.Columns}x{h.Rows} {h.FrameWidth}x{h.FrameHeight} {h.Snapshots}+{h.SkippedSnapshots} {h.PeriodStart:O}-{h.PeriodEnd:O}: " +
        string.Join(",", h.CellSeconds.Select(c => c.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)));
}
