using RetailVision.Contracts;
using RetailVision.Edge.Delivery;

namespace RetailVision.Edge.Cli.Bench;

/// <summary>Serialises each message as the publisher would, then drops it: the publish stage's CPU without its I/O.</summary>
internal sealed class DiscardingEventSink : IEventSink
{
    public long Messages { get; private set; }

    public void Publish(DecisionPointEvent decisionPoint)
    {
        ContractJson.Serialize(decisionPoint);
        Messages++;
    }

    public void Publish(HeatmapSnapshot snapshot)
    {
        ContractJson.Serialize(snapshot);
        Messages++;
    }
}
