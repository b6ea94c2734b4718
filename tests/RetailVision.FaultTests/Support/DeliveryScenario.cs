using Xunit.Abstractions;

namespace RetailVision.FaultTests.Support;

/// <summary>
/// One edge publishing to one aggregator (directly, or through another broker) in a test folder, and the ending every
/// delivery test shares: stop the edge, let a drain run empty its outbox, then set the audit file against every row
/// the aggregator stored.
/// </summary>
public sealed class DeliveryScenario : IDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);
    private readonly ITestOutputHelper _output;

    public DeliveryScenario(ITestOutputHelper output, AggregatorProcess aggregator, EdgeAgent edge, TestFolder folder, bool brokerIsAggregator)
    {
        _output = output;
        Aggregator = aggregator;
        Edge = edge;
        Folder = folder;
        BrokerIsAggregator = brokerIsAggregator;
    }

    /// <summary>An edge of <paramref name="login"/>'s store publishing straight to the aggregator's embedded broker.</summary>
    public static DeliveryScenario Embedded(ITestOutputHelper output, StoreLogin login)
    {
        var folder = new TestFolder();
        var aggregator = new AggregatorProcess(folder.Path, login.AggregatorSettings(0), FreePort.Next());
        var edge = new EdgeAgent(folder.Path, login.StoreId, aggregator.BrokerPort, login.StoreId, login.Password);
        return new DeliveryScenario(output, aggregator, edge, folder, brokerIsAggregator: true);
    }

    /// <summary>
    /// An edge publishing to another broker (mosquitto on <paramref name="brokerPort"/>), and the aggregator subscribed
    /// to it with a persistent session as <paramref name="subscriber"/>.
    /// </summary>
    public static DeliveryScenario ThroughBroker(ITestOutputHelper output, TestFolder folder, int brokerPort, StoreLogin store, StoreLogin subscriber)
    {
        var aggregator = new AggregatorProcess(folder.Path,
        [
            "--Aggregator:Broker:Mode=External",
            "--Aggregator:Broker:Host=127.0.0.1",
            $"--Aggregator:Broker:Username={subscriber.StoreId}",
            $"--Aggregator:Broker:Password={subscriber.Password}",
        ], brokerPort);
        var edge = new EdgeAgent(folder.Path, store.StoreId, brokerPort, store.StoreId, store.Password);
        return new DeliveryScenario(output, aggregator, edge, folder, brokerIsAggregator: false);
    }

    public AggregatorProcess Aggregator { get; }

    public EdgeAgent Edge { get; }

    public TestFolder Folder { get; }

    /// <summary>True for the embedded broker, whose PUBACK means stored; false when a separate broker acknowledges.</summary>
    public bool BrokerIsAggregator { get; }

    public async Task<int> StoredCountAsync() => (await Aggregator.StoredEventIdsAsync(Edge.StoreId)).Count;

    /// <summary>True when every event id in <paramref name="audited"/> is stored.</summary>
    public async Task<bool> AllStoredAsync(IReadOnlyCollection<Guid> audited)
    {
        var stored = (await Aggregator.StoredEventIdsAsync(Edge.StoreId)).ToHashSet();
        return audited.All(stored.Contains);
    }

    public async Task<DeliveryReport> FinishAsync()
    {
        Edge.Kill();
        var exit = await Edge.DrainAsync(DrainTimeout);
        Assert.True(exit == 0, $"the drain run exited with {exit}: its outbox was not emptied (see {Folder.Path}/edge.log)");
        var (audited, broken) = AuditFile.Read(Edge.AuditPath);
        if (!BrokerIsAggregator)
            await Eventually.HoldsAsync(() => AllStoredAsync(audited), DrainTimeout, "the aggregator stores what the broker acknowledged");
        var counters = await Aggregator.TotalCountersAsync();
        await Aggregator.KillAsync();
        var stored = StoredData.EventIds(Aggregator.DatabasePath, Edge.StoreId);
        _output.WriteLine($"test folder: {Folder.Path}");
        return new DeliveryReport(audited, broken, stored)
            .With("duplicates-recognised", counters.Duplicates)
            .With("storage-failures", counters.StorageFailures)
            .With("edge-runs", Edge.Runs)
            .With("aggregator-starts", Aggregator.Starts);
    }

    /// <summary>The verdict every delivery test shares: nothing lost, nothing stored twice, an intact audit file.</summary>
    public static void AssertExactlyOnce(DeliveryReport report, int edgeKills)
    {
        Assert.True(report.Produced > 0, "the edge recorded no events");
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.StoredRowsOverOne);
        Assert.Equal(0, report.AuditedTwice);
        Assert.Equal(0, report.BrokenAuditLines);
        Assert.InRange(report.StoredNotAudited, 0, edgeKills);
    }

    public void Dispose()
    {
        Edge.Dispose();
        Aggregator.Dispose();
        Folder.Dispose();
    }
}
