using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Ingest;
using RetailVision.Aggregator.Storage;
using static RetailVision.Aggregator.Tests.Support.TestEvents;

namespace RetailVision.Aggregator.Tests.Ingest;

public sealed class IngestWriterTests
{
    /// <summary>A store that records its batches, can be made unavailable, can be held (until its write is cancelled), and refuses one poisoned zone.</summary>
    private sealed class FakeStore : IIngestStore
    {
        public const string PoisonZone = "poison";
        public readonly List<int> BatchSizes = [];
        public volatile bool Unavailable;
        public TaskCompletionSource Gate = CompletedGate();

        private static TaskCompletionSource CompletedGate()
        {
            var gate = new TaskCompletionSource();
            gate.SetResult();
            return gate;
        }

        public async Task<IReadOnlyList<InsertResult>> WriteAsync(IReadOnlyList<IngestRecord> batch, CancellationToken cancellationToken)
        {
            await Gate.Task.WaitAsync(cancellationToken);
            if (Unavailable) throw new StorageUnavailableException("disk gone", new IOException("disk gone"));
            if (batch.Any(r => r is IngestRecord.Event { Value.ZoneId: PoisonZone })) throw new InvalidOperationException("value out of range");
            lock (BatchSizes) BatchSizes.Add(batch.Count);
            return batch.Select(_ => InsertResult.Stored).ToList();
        }
    }

    private static (IngestWriter Writer, IngestCounters Counters) Start(FakeStore store, int queue = 1000, int maxBatch = 100, double delayMs = 20)
    {
        var options = Options.Create(new AggregatorOptions
        {
            Ingest = new IngestOptions { QueueCapacity = queue, MaxBatchMessages = maxBatch, MaxBatchDelayMilliseconds = delayMs },
        });
        var counters = new IngestCounters();
        var writer = new IngestWriter(store, options, counters, NullLogger<IngestWriter>.Instance);
        writer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return (writer, counters);
    }

    private static async Task<Task<IngestOutcome>> Enqueue(IngestWriter writer, string zone = "shelf") =>
        await writer.EnqueueAsync(new IngestRecord.Event(Enter("s1", "cam", zone, 1, 0)), "retailvision/s1/cam/events", CancellationToken.None);

    [Fact]
    public async Task Messages_that_arrive_together_are_written_in_one_batch_and_each_completes_when_it_is_written()
    {
        var store = new FakeStore();
        var (writer, counters) = Start(store);

        var done = new List<Task<IngestOutcome>>();
        for (var i = 0; i < 50; i++) done.Add(await Enqueue(writer));
        var outcomes = await Task.WhenAll(done);

        Assert.All(outcomes, o => Assert.Equal(IngestResult.Stored, o.Result));
        Assert.Equal(50, store.BatchSizes.Sum());
        Assert.True(store.BatchSizes.Count <= 3, $"batches: {string.Join(", ", store.BatchSizes)}");
        Assert.Equal(50, counters.Snapshot().Stored);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_record_the_store_refuses_fails_alone_and_the_rest_of_its_batch_is_written()
    {
        var store = new FakeStore { Gate = new TaskCompletionSource() };
        var (writer, _) = Start(store);
        var done = new List<Task<IngestOutcome>>();
        for (var i = 0; i < 20; i++) done.Add(await Enqueue(writer, i == 7 ? FakeStore.PoisonZone : "shelf"));

        store.Gate.SetResult();
        var outcomes = await Task.WhenAll(done);

        Assert.Equal(IngestResult.StorageFailed, outcomes[7].Result);
        Assert.Contains("value out of range", outcomes[7].Reason);
        Assert.Equal(19, outcomes.Count(o => o.Result == IngestResult.Stored));
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task While_the_store_is_unavailable_messages_fail_unacknowledged_and_writing_resumes_by_itself()
    {
        var store = new FakeStore { Unavailable = true };
        var (writer, counters) = Start(store);

        var failed = await await Enqueue(writer);
        store.Unavailable = false;
        var later = await await Enqueue(writer);

        Assert.Equal(IngestResult.StorageFailed, failed.Result);
        Assert.False(failed.MayAcknowledge);
        Assert.Equal(IngestResult.Stored, later.Result);
        Assert.Equal(1, counters.Snapshot().StorageFailures);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_full_queue_makes_the_sender_wait_instead_of_growing()
    {
        var store = new FakeStore { Gate = new TaskCompletionSource() };
        var (writer, _) = Start(store, queue: 10, maxBatch: 10, delayMs: 0);
        // The first batch is taken and held at the store; then the queue fills.
        var first = await Enqueue(writer);
        await Task.Delay(100);
        for (var i = 0; i < 10; i++) await Enqueue(writer);

        var blocked = Enqueue(writer);
        await Task.Delay(200);
        Assert.False(blocked.IsCompleted);
        Assert.Equal(10, writer.Queued);

        store.Gate.SetResult();
        await (await blocked);
        Assert.Equal(IngestResult.Stored, (await first).Result);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stopping_writes_what_is_still_queued()
    {
        var store = new FakeStore { Gate = new TaskCompletionSource() };
        var (writer, _) = Start(store, maxBatch: 1, delayMs: 0);
        var inFlight = await Enqueue(writer);
        await Task.Delay(100);
        var queued = await Enqueue(writer);

        var stopping = writer.StopAsync(CancellationToken.None);
        store.Gate.SetResult();
        await stopping;

        Assert.Equal(IngestResult.Stored, (await inFlight).Result);
        Assert.Equal(IngestResult.Stored, (await queued).Result);
    }

    [Fact]
    public async Task What_is_unwritten_when_the_host_stops_waiting_fails_so_nothing_is_acknowledged_unwritten()
    {
        var store = new FakeStore { Gate = new TaskCompletionSource() };
        var (writer, _) = Start(store, maxBatch: 1, delayMs: 0);
        var inFlight = await Enqueue(writer);
        await Task.Delay(100);
        var queued = await Enqueue(writer);

        using var hostGivesUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await writer.StopAsync(hostGivesUp.Token);

        Assert.Equal(IngestResult.StorageFailed, (await inFlight).Result);
        Assert.Equal(IngestResult.StorageFailed, (await queued).Result);
    }
}
