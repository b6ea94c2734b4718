using RetailVision.Contracts;

namespace RetailVision.Aggregator.Storage;

/// <summary>One validated message on its way to storage: an event, a heatmap snapshot, or a refused message kept as a dead letter.</summary>
public abstract record IngestRecord
{
    private IngestRecord()
    {
    }

    public sealed record Event(DecisionPointEvent Value) : IngestRecord;

    public sealed record Heatmap(HeatmapSnapshot Value) : IngestRecord;

    public sealed record Refused(DeadLetter Value) : IngestRecord;
}
