namespace RetailVision.Edge.Capture;

/// <summary>
/// What a feed has done so far. <see cref="DecodeMsPerFrame"/> is a moving average of the time spent in the source's
/// Read per frame: the decode cost for files at full speed; for live sources it includes waiting for the camera.
/// </summary>
public readonly record struct CameraFeedCounters(long FramesCaptured, long FramesDropped, long Reconnects, double DecodeMsPerFrame);
