namespace RetailVision.Aggregator.Kpis;

/// <summary>People counted across one counting line of one camera in a time range, by direction.</summary>
public sealed record LineKpi(string CameraId, string LineId, int In, int Out);
