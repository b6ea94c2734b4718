using System.Buffers;
using RetailVision.Aggregator.Storage;
using RetailVision.Aggregator.Tests.Support;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Storage;

public sealed class AggregatorRepositoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string DatabasePath => _dir.File("aggregator.db");

    [Fact]
    public void A_duplicate_event_is_stored_once_and_does_not_undo_other_inserts()
    {
        using var repository = AggregatorRepository.Open(DatabasePath);
        var enter = Enter("s1", "cam", "shelf", 1, 0);
        var exit = Exit("s1", "cam", "shelf", 1, 0, 12.5);

        Assert.Equal(InsertResult.Stored, repository.InsertEvent(enter));
        Assert.Equal(InsertResult.Duplicate, repository.InsertEvent(enter));
        Assert.Equal(InsertResult.Stored, repository.InsertEvent(exit));
        Assert.Equal(InsertResult.Duplicate, repository.InsertEvent(exit with { ZoneId = "changed" }));

        Assert.Equal([enter, exit], repository.FindEvents("s1", TimeRange.All));
    }

    [Fact]
    public void Events_come_back_exactly_including_sub_millisecond_times_and_offsets()
    {
        using var repository = AggregatorRepository.Open(DatabasePath);
        var entered = new DateTimeOffset(2026, 11, 23, 21, 0, 3, TimeSpan.FromHours(1)).AddTicks(1234567);
        var exit = Exit("s1", "cam", "shelf", 7, 0, 4.3) with { EnteredAt = entered, ExitedAt = entered.AddSeconds(4.3), Timestamp = entered.AddSeconds(4.3), DwellClass = RetailVision.Contracts.DwellClass.Browse };

        repository.InsertEvent(exit);

        var stored = Assert.Single(repository.FindEvents("s1", TimeRange.All));
        Assert.Equal(exit, stored);
        Assert.Equal(exit.EnteredAt.Offset, stored.EnteredAt.Offset);
        Assert.Equal(exit.EnteredAt.Ticks, stored.EnteredAt.Ticks);
    }

    [Fact]
    public void Line_crossings_and_queue_outcomes_come_back_exactly()
    {
        using var repository = AggregatorRepository.Open(DatabasePath);
        var cross = Cross("s1", "cam", "door", 3, 2, RetailVision.Contracts.LineDirection.Out);
        var served = Exit("s1", "cam", "till", 4, 5, 40) with { Served = true };

        repository.InsertEvent(cross);
        repository.InsertEvent(served);

        var stored = repository.FindEvents("s1", TimeRange.All);
        Assert.Contains(cross, stored);
        Assert.Contains(served, stored);
    }

    [Fact]
    public void Finds_events_of_one_store_in_a_half_open_range_in_entry_order_up_to_a_limit()
    {
        using var repository = AggregatorRepository.Open(DatabasePath);
        var at10 = Enter("s1", "cam", "z", 1, 10);
        var at0 = Enter("s1", "cam", "z", 2, 0);
        var at20 = Enter("s1", "cam", "z", 3, 20);
        foreach (var e in new[] { at10, at0, at20, Enter("S1", "cam", "z", 4, 10), Enter("s10", "cam", "z", 5, 10) })
            repository.InsertEvent(e);

        Assert.Equal([at0, at10, at20], repository.FindEvents("s1", TimeRange.All));
        Assert.Equal([at0, at10], repository.FindEvents("s1", new TimeRange(T0, T0.AddSeconds(20))));
        Assert.Equal([at0], repository.FindEvents("s1", TimeRange.All, limit: 1));
        Assert.Empty(repository.FindEvents("s1", new TimeRange(T0.AddSeconds(21), T0.AddSeconds(30))));
    }

    [Fact]
    public void Stores_heatmaps_once_and_finds_them_by_camera_and_period_start()
    {
        using var repository = AggregatorRepository.Open(DatabasePath);
        var north = Heatmap("s1", "north", 0, 2, 1, [1.5f, 0]);
        var east = Heatmap("s1", "east", 60, 2, 1, [0, 2]);

        Assert.Equal(InsertResult.Stored, repository.InsertHeatmap(north));
        Assert.Equal(InsertResult.Duplicate, repository.InsertHeatmap(north));
        repository.InsertHeatmap(east);

        var stored = Assert.Single(repository.FindHeatmaps("s1", "north", TimeRange.All));
        Assert.Equal(north.CellSeconds, stored.CellSeconds);
        Assert.Equal(north with { CellSeconds = stored.CellSeconds }, stored);
        Assert.Equal(2, repository.FindHeatmaps("s1", null, TimeRange.All).Count);
        Assert.Equal([east.SnapshotId], repository.FindHeatmaps("s1", null, new TimeRange(T0.AddSeconds(30), T0.AddHours(1))).Select(s => s.SnapshotId));
    }

    [Fact]
    public void Keeps_dead_letters_newest_first_of_every_store_or_of_one()
    {
        using var repository = AggregatorRepository.Open(DatabasePath);
        var first = new DeadLetter("retailvision/s1/cam/events", "s1", "payload: not JSON", T0, 5, PayloadExcerpt.From(new ReadOnlySequence<byte>("hello"u8.ToArray())));
        var second = first with { Reason = "version: 2 is not supported", ReceivedAt = T0.AddSeconds(1) };
        var other = first with { Topic = "retailvision/s2/cam/events", StoreId = "s2", ReceivedAt = T0.AddSeconds(2) };
        var nowhere = first with { Topic = "elsewhere", StoreId = null, ReceivedAt = T0.AddSeconds(3) };

        foreach (var deadLetter in new[] { first, second, other, nowhere }) repository.AddDeadLetter(deadLetter);

        Assert.Equal([nowhere, other, second, first], repository.LatestDeadLetters(10));
        Assert.Equal([nowhere], repository.LatestDeadLetters(1));
        Assert.Equal([second, first], repository.LatestDeadLetters(10, "s1"));
        Assert.Equal([other], repository.LatestDeadLetters(10, "s2"));
    }

    [Fact]
    public void Lists_the_stores_cameras_and_zones_seen()
    {
        using var repository = AggregatorRepository.Open(DatabasePath);
        repository.InsertEvent(Enter("s2", "cam", "door", 1, 0));
        repository.InsertEvent(Enter("s1", "cam", "shelf", 1, 0));
        repository.InsertEvent(Enter("s1", "cam", "door", 2, 0));
        repository.InsertHeatmap(Heatmap("s1", "cam", 0, 1, 1, [1]));
        repository.InsertHeatmap(Heatmap("s1", "overhead", 0, 1, 1, [1]));

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

    [Fact]
    public void What_was_stored_is_there_after_reopening_the_file()
    {
        var enter = Enter("s1", "cam", "shelf", 1, 0);
        using (var repository = AggregatorRepository.Open(DatabasePath))
        {
            repository.InsertEvent(enter);
            repository.AddDeadLetter(new DeadLetter("t", null, "r", T0, 0, PayloadExcerpt.From(ReadOnlySequence<byte>.Empty)));
        }

        using var reopened = AggregatorRepository.Open(DatabasePath);

        Assert.Equal([enter], reopened.FindEvents("s1", TimeRange.All));
        Assert.Single(reopened.LatestDeadLetters(10));
        Assert.Equal(InsertResult.Duplicate, reopened.InsertEvent(enter));
        Assert.True(reopened.HasStore("s1"));
    }

    [Fact]
    public void A_second_opener_of_the_same_file_fails_clearly()
    {
        using var owner = AggregatorRepository.Open(DatabasePath);

        var error = Assert.Throws<DatabaseInUseException>(() => AggregatorRepository.Open(DatabasePath));

        Assert.Contains("in use by another aggregator process", error.Message);
        Assert.Contains(DatabasePath + ".lock", error.Message);
    }

    [Fact]
    public void Writes_after_the_database_was_closed_fail_and_mark_storage_unhealthy()
    {
        var repository = AggregatorRepository.Open(DatabasePath);
        Assert.True(repository.IsHealthy);
        repository.Dispose();

        Assert.ThrowsAny<Exception>(() => repository.InsertEvent(Enter("s1", "cam", "z", 1, 0)));
        Assert.False(repository.IsHealthy);
    }

    public void Dispose() => _dir.Dispose();
}
