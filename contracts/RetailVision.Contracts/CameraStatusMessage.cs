namespace RetailVision.Contracts;

/// <summary>
/// A camera's state as the edge last saw it, published retained on <c>{prefix}/{store}/{camera}/status</c> whenever it
/// changes, so a dashboard that connects later still learns it.
/// </summary>
/// <param name="Version">Contract version.</param>
/// <param name="StoreId">Store the camera belongs to.</param>
/// <param name="CameraId">The camera.</param>
/// <param name="State">starting, streaming, stalled, reconnecting, ended or failed.</param>
/// <param name="Reason">Why it is in this state (the last error), or null when streaming.</param>
/// <param name="Since">When it entered this state.</param>
public sealed record CameraStatusMessage(int Version, string StoreId, string CameraId, string State, string? Reason, DateTimeOffset Since);
