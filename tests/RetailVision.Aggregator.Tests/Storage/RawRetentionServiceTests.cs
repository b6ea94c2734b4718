using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Storage;

namespace RetailVision.Aggregator.Tests.Storage;

public sealed class RawRetentionServiceTests : IDisposable
{
    private readonly StorageReadiness _readiness = new();
    private readonly ReadinessRecordingRetention _storage;
    private readonly RawRetentionService _service;

    public RawRetentionServiceTests()
    {
        _storage = new ReadinessRecordingRetention(_readiness);
        _service = new RawRetentionService(_storage, _readiness, Options.Create(new AggregatorOptions()), new FakeTimeProvider(DateTimeOffset.UnixEpoch),
            NullLogger<RawRetentionService>.Instance);
    }

    [Fact]
    public async Task Waits_for_the_schema_before_its_first_pass()
    {
        await _service.StartAsync(CancellationToken.None);
        await Task.Delay(200);
        _readiness.MarkReady();
        var readyAtFirstPass = await _storage.FirstPass.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await _service.StopAsync(CancellationToken.None);

        Assert.True(readyAtFirstPass, "retention ran before the schema was ready");
    }

    [Fact]
    public async Task Stops_while_still_waiting_for_the_schema()
    {
        await _service.StartAsync(CancellationToken.None);
        var stop = _service.StopAsync(CancellationToken.None);

        Assert.Same(stop, await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.True(_service.ExecuteTask!.IsCompleted);
        Assert.False(_storage.FirstPass.Task.IsCompleted);
    }

    public void Dispose() => _service.Dispose();

    /// <summary>Records whether the schema was ready when retention first ran.</summary>
    private sealed class ReadinessRecordingRetention(StorageReadiness readiness) : IRawRetention
    {
        public TaskCompletionSource<bool> FirstPass { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> DropRawBeforeAsync(RawRetentionCutoffs cutoffs, CancellationToken cancellationToken)
        {
            FirstPass.TrySetResult(readiness.IsReady);
            return Task.FromResult("");
        }
    }
}
