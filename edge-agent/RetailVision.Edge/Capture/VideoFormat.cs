namespace RetailVision.Edge.Capture;

/// <summary>The size and rate of the frames a feed delivers, as its source was last opened.</summary>
public sealed record VideoFormat(int Width, int Height, double FramesPerSecond, int? FrameCount);
