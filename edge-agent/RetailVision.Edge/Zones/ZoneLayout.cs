namespace RetailVision.Edge.Zones;

/// <summary>The zones and counting lines drawn on one camera's image.</summary>
public sealed record ZoneLayout(IReadOnlyList<Zone> Zones, IReadOnlyList<CountingLine> Lines);
