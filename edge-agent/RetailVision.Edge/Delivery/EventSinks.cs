using RetailVision.Contracts;

namespace RetailVision.Edge.Delivery;

/// <summary>Hands every event to several sinks (for example the JSON Lines file and the broker).</summary>
public sealed class EventSinks(params IEventSink[] sinks) : IEventSink
{
    public void Publish(DecisionPointEvent decisionPoint)
    {
        foreach (var sink in sinks) sink.Publish(decisionPoint);
    }

    public void Publish(HeatmapSnapshot snapshot)
    {
        foreach (var sink in sinks) sink.Publish(snapshot);
    }
}
