namespace RetailVision.Aggregator.Kpis;

/// <summary>What the rollups already hold of one visit (camera, zone, track, entry time): its enter, or its exit too.</summary>
public enum VisitProgress
{
    Entered,
    Completed,
}
