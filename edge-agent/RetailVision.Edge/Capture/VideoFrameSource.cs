using OpenCvSharp;

namespace RetailVision.Edge.Capture;

/// <summary>
/// Decodes frames from a file or local camera with OpenCV into a caller-owned <see cref="Mat"/>. Timestamps come
/// from the source: the container position for files, the arrival time for live cameras.
/// </summary>
public sealed class VideoFrameSource : IFrameSource
{
    private readonly VideoCapture _capture;
    private readonly DateTimeOffset _openedAt;
    private int _framesRead;

    private VideoFrameSource(VideoSourceUri source, VideoCapture capture)
    {
        Source = source;
        _capture = capture;
        _openedAt = DateTimeOffset.UtcNow;
        Width = capture.FrameWidth;
        Height = capture.FrameHeight;
        var fps = capture.Fps;
        FramesPerSecond = double.IsFinite(fps) && fps > 0 ? fps : 25;
        FrameCount = source.IsLive ? null : Math.Max(0, capture.FrameCount);
    }

    public VideoSourceUri Source { get; }
    public int Width { get; }
    public int Height { get; }
    public int SourceWidth => Width;
    public int SourceHeight => Height;
    public bool IsLive => Source.IsLive;

    /// <summary>Nominal frame rate from the container or device (25 when it does not say).</summary>
    public double FramesPerSecond { get; }

    /// <summary>Frames in a file (as the container states); null for live sources.</summary>
    public int? FrameCount { get; }

    /// <summary>OpenCV does not say why a read failed.</summary>
    public string? LastError => null;

    /// <summary>Opens a source; a missing, unreadable or corrupt video is an <see cref="IOException"/> naming it.</summary>
    public static VideoFrameSource Open(VideoSourceUri source)
    {
        var capture = source.Kind switch
        {
            VideoSourceKind.File => new VideoCapture(source.Path, VideoCaptureAPIs.FFMPEG),
            VideoSourceKind.Usb => new VideoCapture(source.DeviceIndex, VideoCaptureAPIs.V4L2),
            _ => throw new IOException($"cannot open '{source}' with OpenCV: its bundled FFmpeg has no network support; use the ffmpeg decoder"),
        };
        if (!capture.IsOpened() || capture.FrameWidth <= 0 || capture.FrameHeight <= 0)
        {
            capture.Dispose();
            throw new IOException($"cannot open video source '{source}': not a readable video");
        }
        return new VideoFrameSource(source, capture);
    }

    /// <summary>
    /// Skips <paramref name="count"/> frames by decoding them: container seeks in older codecs land on key frames,
    /// which would shift frame numbers against ground truth. Returns how many were skipped before the end.
    /// </summary>
    public int Skip(int count, Mat scratch)
    {
        var skipped = 0;
        while (skipped < count && Read(scratch, out _)) skipped++;
        return skipped;
    }

    /// <summary>
    /// Reads the next frame into <paramref name="frame"/>; false at the end of a file or when a camera stops.
    /// <paramref name="timestampSeconds"/> is the frame's time in seconds since the start of the stream.
    /// </summary>
    public bool Read(Mat frame, out double timestampSeconds)
    {
        timestampSeconds = 0;
        if (!_capture.Read(frame) || frame.Empty()) return false;
        if (Source.IsLive)
        {
            timestampSeconds = (DateTimeOffset.UtcNow - _openedAt).TotalSeconds;
        }
        else
        {
            // OpenCV reports the position after the read as the frame's presentation time; fall back to the index.
            var ms = _capture.PosMsec;
            timestampSeconds = double.IsFinite(ms) && (ms > 0 || _framesRead == 0) ? ms / 1000.0 : _framesRead / FramesPerSecond;
        }
        _framesRead++;
        return true;
    }

    /// <summary>
    /// Nothing to do: files never stall, and OpenCV's V4L2 backend gives up on a silent camera by itself (its select
    /// timeout), which ends the blocked read.
    /// </summary>
    public void Interrupt()
    {
    }

    public void Dispose() => _capture.Dispose();
}
