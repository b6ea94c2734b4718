using RetailVision.Contracts;
namespace RetailVision.Edge.Zones;

/// <summary>A person crossing a counting line, at the stream time the crossing was completed (beyond the band).</summary>
public readonly record struct LineCrossing(string LineId, int TrackId, LineDirection Direction, double AtSeconds);
