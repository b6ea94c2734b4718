namespace RetailVision.Aggregator.Storage;

/// <summary>One storage backend: every port the aggregator reads and writes through, and the resources it holds.</summary>
public interface IAggregatorStorage : IIngestStore, IEventReader, IHeatmapReader, IDeadLetterReader, ICatalogReader, IRollupReader, IRawRetention, IStorageHealth, IDisposable;
