using RetailVision.Contracts;

namespace RetailVision.Edge.Delivery;

/// <summary>Where a camera pipeline hands its events. Implementations must not block the frame loop.</summary>
public interface IEventSink
{
    void Publish(DecisionPointEvent decisionPoint);

    void Publish(HeatmapSnapshot snapshot);
}
