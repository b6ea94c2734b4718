using LiteDB;
using RetailVision.Aggregator.Storage;
using RetailVision.Contracts;
using RetailVision.Aggregator.Storage.LiteDb;
using RetailVision.Aggregator.Tests.Support;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Storage;

/// <summary>The storage contract on the embedded LiteDB file, and what is particular to a file one process owns.</summary>
public sealed class LiteDbStorageTests : StorageContractTests
{
    private readonly TempDirectory _dir = new();

    private string DatabasePath => _dir.File("aggregator.db");

    protected override IAggregatorStorage Open(int maxDeadLetters = 100_000) => LiteDbStore.Open(DatabasePath, maxDeadLetters);

    [Fact]
    public void A_second_opener_of_the_same_file_fails_clearly()
    {
        using var owner = Open();

        var error = Assert.Throws<DatabaseInUseException>(() => Open());

        Assert.Contains("in use by another aggregator process", error.Message);
        Assert.Contains(DatabasePath + ".lock", error.Message);
    }

    [Fact]
    public void A_file_written_before_rollups_gets_them_built_from_its_events_on_open()
    {
        var enter = Enter("s1", "cam", "shelf", 1, 0);
        var exit = Exit("s1", "cam", "shelf", 1, 0, 12);
        var cross = Cross("s1", "cam", "door", 2, 30, LineDirection.In);
        using (var old = new LiteDatabase(new ConnectionString { Filename = DatabasePath, Collation = Collation.Binary }))
        {
            var events = old.GetCollection(EventDocuments.Collection);
            foreach (var e in new[] { enter, exit, cross }) events.Insert(EventDocuments.ToDocument(e));
            Assert.Equal(0, old.UserVersion);
        }

        using var store = Open();

        var zone = Assert.Single(store.ZoneRollups("s1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Equal((1, 1, 12.0), (zone.Visits, zone.CompletedVisits, zone.DwellSumSeconds));
        Assert.Equal(1, Assert.Single(store.LineRollups("s1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).In);
        // A later enter of the same visit, redelivered with a new id, must not count it twice.
        store.Insert(enter with { EventId = Guid.NewGuid() });
        Assert.Equal(1, Assert.Single(store.ZoneRollups("s1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Visits);
    }

    public override void Dispose() => _dir.Dispose();
}
