namespace RetailVision.Aggregator.Storage;

/// <summary>The stores, cameras and zones seen so far.</summary>
public interface ICatalogReader
{
    IReadOnlyList<StoreSummary> Stores();

    bool HasStore(string storeId);
}
