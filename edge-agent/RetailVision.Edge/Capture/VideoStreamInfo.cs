namespace RetailVision.Edge.Capture;

/// <summary>What ffprobe says about a source's first video stream.</summary>
internal sealed record VideoStreamInfo(int Width, int Height, double FramesPerSecond, int? FrameCount);
