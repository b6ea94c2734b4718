namespace RetailVision.Aggregator.Kpis;

/// <summary>Crossings of one counting line over one UTC hour, by crossing time.</summary>
public sealed record LineHourRollup(string StoreId, string CameraId, string LineId, DateTimeOffset Hour, long In, long Out)
{
    public LineHourRollup Add(LineHourRollup other) => this with { In = In + other.In, Out = Out + other.Out };
}
