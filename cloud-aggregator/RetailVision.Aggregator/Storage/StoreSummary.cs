namespace RetailVision.Aggregator.Storage;

/// <summary>A store that has sent data, with its cameras.</summary>
public sealed record StoreSummary(string StoreId, IReadOnlyList<CameraSummary> Cameras);

/// <summary>A camera of a store, with the zones it has sent events for and whether it has sent heatmaps.</summary>
public sealed record CameraSummary(string CameraId, IReadOnlyList<string> Zones, bool HasHeatmaps);
