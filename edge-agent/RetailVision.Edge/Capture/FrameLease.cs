using OpenCvSharp;

namespace RetailVision.Edge.Capture;

/// <summary>
/// A frame lent to the processing thread by a <see cref="LatestFrameSlot"/>: the capture thread does not touch
/// <see cref="Frame"/> until the lease is released (disposed). Do not keep the Mat past that.
/// </summary>
public readonly struct FrameLease : IDisposable
{
    private readonly LatestFrameSlot? _slot;

    internal FrameLease(LatestFrameSlot slot, int buffer, Mat frame, double timestampSeconds, long frameNumber)
    {
        _slot = slot;
        Buffer = buffer;
        Frame = frame;
        TimestampSeconds = timestampSeconds;
        FrameNumber = frameNumber;
    }

    public Mat Frame { get; }

    /// <summary>The frame's time in seconds on the feed's clock.</summary>
    public double TimestampSeconds { get; }

    /// <summary>0-based count of frames published before this one: a gap to the previous lease is frames dropped.</summary>
    public long FrameNumber { get; }

    internal int Buffer { get; }

    /// <summary>Hands the frame back; releasing twice, or a default lease, does nothing.</summary>
    public void Dispose() => _slot?.Release(this);
}
