using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using RetailVision.LoadGenerator.Load;

namespace RetailVision.LoadGenerator.Measurement;

/// <summary>
/// The commit in PostgreSQL as the stored time: every few milliseconds it asks which of the events not yet seen are in
/// <c>message_ids</c> (written in the same transaction as the event) and stamps them with the moment that query began,
/// which is no earlier than their commit. The oldest events are asked for first, at most a few thousand at a time.
/// </summary>
public sealed class PostgresObserver(NpgsqlDataSource database) : IStorageObserver
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private const int MaxIdsPerQuery = 5_000;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<PublishRecord> _unseen = [];
    private Task _watching = Task.CompletedTask;
    private PublishLedger? _ledger;

    public string Meaning => "the row in PostgreSQL, polled every 10 ms";

    public Task StartAsync(PublishLedger ledger, CancellationToken cancellationToken)
    {
        _ledger = ledger;
        _watching = Task.Run(() => WatchAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task SettleAsync(PublishLedger ledger, CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(cancellationToken);
                await Task.Delay(PollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (NpgsqlException)
            {
                // The database is unreachable for a moment; the events stay unseen and are asked for again.
                await Task.Delay(PollInterval * 10, CancellationToken.None);
            }
        }
    }

    private async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        while (_ledger!.TryTakeSent(out var sent)) _unseen.Add(sent);
        if (_unseen.Count == 0) return;
        var asked = _unseen.Count <= MaxIdsPerQuery ? _unseen : _unseen.GetRange(0, MaxIdsPerQuery);
        var ids = new Guid[asked.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = asked[i].EventId;
        var at = Stopwatch.GetTimestamp();
        var found = new HashSet<Guid>();
        await using (var command = database.CreateCommand("SELECT id FROM message_ids WHERE id = ANY(@ids)"))
        {
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) found.Add(reader.GetGuid(0));
        }
        if (found.Count == 0) return;
        foreach (var id in found) _ledger.MarkStored(id, at);
        _unseen.RemoveAll(r => r.Stored);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }
}
