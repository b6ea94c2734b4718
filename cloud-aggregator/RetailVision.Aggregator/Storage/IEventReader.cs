using RetailVision.Contracts;

namespace RetailVision.Aggregator.Storage;

public interface IEventReader
{
    /// <summary>Events of a store whose EnteredAt lies in <paramref name="range"/>, in EnteredAt order, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<DecisionPointEvent> FindEvents(string storeId, TimeRange range, int limit = int.MaxValue);
}
