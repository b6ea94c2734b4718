using OpenCvSharp;

namespace RetailVision.Edge.Capture;

/// <summary>
/// An open video source that decodes frame after frame into a caller-owned <see cref="Mat"/>, so a capture loop
/// allocates nothing per frame.
/// </summary>
public interface IFrameSource : IDisposable
{
    /// <summary>Width of the delivered frames (after any decoder-side scaling).</summary>
    int Width { get; }

    /// <summary>Height of the delivered frames (after any decoder-side scaling).</summary>
    int Height { get; }

    /// <summary>Width of the source's own frames, before any scaling; zones and heatmaps are drawn in these pixels.</summary>
    int SourceWidth { get; }

    /// <summary>Height of the source's own frames, before any scaling.</summary>
    int SourceHeight { get; }

    /// <summary>Nominal frame rate from the container or stream (25 when it does not say).</summary>
    double FramesPerSecond { get; }

    /// <summary>True for cameras and network streams: frames arrive in real time and timestamps are arrival times.</summary>
    bool IsLive { get; }

    /// <summary>Frames in a file as the container states; null for live sources or when the container does not say.</summary>
    int? FrameCount { get; }

    /// <summary>Why the source last failed or complained (the decoder's last error line); null while all is well.</summary>
    string? LastError { get; }

    /// <summary>
    /// Reads the next frame into <paramref name="frame"/>, a CV_8UC3 Mat of <see cref="Width"/>×<see cref="Height"/>
    /// (one of another size or type is reallocated once). False at the end of a file, when a stream stops, or after
    /// <see cref="Interrupt"/>. <paramref name="timestampSeconds"/>: container time for files, arrival time since the
    /// source was opened for live sources.
    /// </summary>
    bool Read(Mat frame, out double timestampSeconds);

    /// <summary>
    /// Makes a <see cref="Read"/> blocked on another thread return false soon, so a stalled stream can be abandoned;
    /// safe to call from any thread, also after the source has ended.
    /// </summary>
    void Interrupt();
}
