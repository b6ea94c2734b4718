using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Storage;

namespace RetailVision.Aggregator.Ingest;

/// <summary>
/// Group commit: validated messages wait in a bounded channel, and one loop writes whatever has gathered (up to
/// <see cref="IngestOptions.MaxBatchMessages"/>, waiting at most <see cref="IngestOptions.MaxBatchDelay"/> for a batch
/// to fill) as one transaction. Each message's task completes only once its batch is durable, so callers acknowledge
/// after that. A full channel makes <see cref="EnqueueAsync"/> wait: backpressure up to the broker, with memory bounded.
/// When the store is unavailable the batch's messages fail (the sender publishes again) and the loop backs off; when a
/// batch holds a record the store refuses, it is split until that record alone fails, so it never blocks the rest.
/// When the host stops (after the broker, so nothing more arrives), what is queued is still written until the host's
/// shutdown timeout, rather than dropped for every sender to publish again.
/// </summary>
public sealed class IngestWriter(IIngestStore store, IOptions<AggregatorOptions> options, IngestCounters counters, ILogger<IngestWriter> logger)
    : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private readonly IngestOptions _options = options.Value.Ingest;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.Value.Ingest.QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Cancelled when the host stops waiting for this service: writes still running then are abandoned.</summary>
    private readonly CancellationTokenSource _abandon = new();

    private sealed record Pending(IngestRecord Record, string Topic, TaskCompletionSource<IngestOutcome> Done);

    /// <summary>Messages accepted and not yet written.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Queues a record (waiting while the queue is full); the returned task completes when it is durable or has failed.</summary>
    public async ValueTask<Task<IngestOutcome>> EnqueueAsync(IngestRecord record, string topic, CancellationToken cancellationToken)
    {
        var pending = new Pending(record, topic, new TaskCompletionSource<IngestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return pending.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(_options.MaxBatchMessages);
        var backoff = TimeSpan.Zero;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await FillAsync(batch, stoppingToken);
                var available = await WriteAsync(batch, _abandon.Token);
                batch.Clear();
                backoff = available ? TimeSpan.Zero : Next(backoff);
                if (backoff > TimeSpan.Zero) await Task.Delay(backoff, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushAsync(batch);
        }
        finally
        {
            // Abandoned or refused by the store: never acknowledged, so the senders publish it again.
            foreach (var pending in batch) Fail(pending, "the aggregator is stopping");
            while (_queue.Reader.TryRead(out var pending)) Fail(pending, "the aggregator is stopping");
        }
    }

    /// <summary>Stops taking messages and writes what is queued, until <paramref name="cancellationToken"/> (the host's shutdown timeout) abandons the writes.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(CancellationToken.None).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _abandon.CancelAsync();
        }
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }

    /// <summary>Writes the batch being gathered and everything queued behind it, until done, the store fails, or the host stops waiting.</summary>
    private async Task FlushAsync(List<Pending> batch)
    {
        try
        {
            while (true)
            {
                while (batch.Count < _options.MaxBatchMessages && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
                if (batch.Count == 0 || !await WriteAsync(batch, _abandon.Token)) return;
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            logger.LogWarning("Stopped before {Count} queued messages were written; they were not acknowledged", batch.Count + _queue.Reader.Count);
        }
    }

    private async Task FillAsync(List<Pending> batch, CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        wait.CancelAfter(_options.MaxBatchDelay);
        while (batch.Count < _options.MaxBatchMessages)
        {
            if (_queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                continue;
            }
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(wait.Token)) return;
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Writes the batch (halving it around a refused record); false when the store was unavailable.</summary>
    private async Task<bool> WriteAsync(IReadOnlyList<Pending> batch, CancellationToken stoppingToken)
    {
        if (batch.Count == 0) return true;
        try
        {
            var results = await store.WriteAsync(batch.Select(p => p.Record).ToList(), stoppingToken);
            for (var i = 0; i < batch.Count; i++) Complete(batch[i], results[i]);
            LogDeadLetters(batch);
            return true;
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError("Storage unavailable, {Count} messages not acknowledged (their senders publish them again): {Reason}", batch.Count, ex.Message);
            foreach (var pending in batch) Fail(pending, $"storage: {ex.Message}");
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (batch.Count == 1)
            {
                logger.LogError(ex, "The store refused the message on {Topic}; it is not acknowledged", batch[0].Topic);
                Fail(batch[0], $"storage: {ex.Message}");
                return true;
            }
            var half = batch.Count / 2;
            return await WriteAsync(batch.Take(half).ToList(), stoppingToken) & await WriteAsync(batch.Skip(half).ToList(), stoppingToken);
        }
    }

    private void Complete(Pending pending, InsertResult result)
    {
        var outcome = pending.Record is IngestRecord.Refused refused
            ? new IngestOutcome(IngestResult.DeadLettered, refused.Value.Reason)
            : result == InsertResult.Stored ? IngestOutcome.Stored : IngestOutcome.Duplicate;
        counters.Count(outcome.Result);
        pending.Done.TrySetResult(outcome);
    }

    /// <summary>One line per batch, not per message, so a client sending garbage in a loop cannot flood the log.</summary>
    private void LogDeadLetters(IReadOnlyList<Pending> batch)
    {
        var count = 0;
        Pending? first = null;
        foreach (var pending in batch)
        {
            if (pending.Record is not IngestRecord.Refused) continue;
            first ??= pending;
            count++;
        }
        if (first?.Record is IngestRecord.Refused refused)
            logger.LogWarning("{Count} dead letter(s) stored; the first on {Topic}: {Reason}", count, first.Topic, refused.Value.Reason);
    }

    private void Fail(Pending pending, string reason)
    {
        counters.Count(IngestResult.StorageFailed);
        pending.Done.TrySetResult(new IngestOutcome(IngestResult.StorageFailed, reason));
    }

    private static TimeSpan Next(TimeSpan backoff) =>
        backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
}
