using RetailVision.LoadGenerator.Load;

namespace RetailVision.LoadGenerator.Measurement;

/// <summary>Tells when each published event is stored: what "stored" means differs by what is measured.</summary>
public interface IStorageObserver : IAsyncDisposable
{
    /// <summary>What this observer takes as stored, for the report.</summary>
    string Meaning { get; }

    /// <summary>Starts watching the events the run sends; called before the first publish.</summary>
    Task StartAsync(PublishLedger ledger, CancellationToken cancellationToken);

    /// <summary>Marks what it can see stored now; the run calls it while it drains.</summary>
    Task SettleAsync(PublishLedger ledger, CancellationToken cancellationToken);
}
