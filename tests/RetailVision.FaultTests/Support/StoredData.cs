using RetailVision.Aggregator;
using RetailVision.Aggregator.Storage;
using RetailVision.Aggregator.Storage.LiteDb;

namespace RetailVision.FaultTests.Support;

/// <summary>
/// Reads the aggregator's database file directly, through its own repository, once the process is gone: every row,
/// not only what an API page returns. Opening it also proves that a killed aggregator leaves no lock behind.
/// </summary>
public static class StoredData
{
    public static IReadOnlyList<Guid> EventIds(string databasePath, string storeId)
    {
        using var repository = LiteDbStore.Open(databasePath);
        return repository.FindEvents(storeId, TimeRange.All).Select(e => e.EventId).ToList();
    }

    public static IReadOnlyList<DeadLetter> DeadLetters(string databasePath)
    {
        using var repository = LiteDbStore.Open(databasePath);
        return repository.LatestDeadLetters(int.MaxValue);
    }
}
