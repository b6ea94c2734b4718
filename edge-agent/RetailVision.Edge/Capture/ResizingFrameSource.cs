using OpenCvSharp;

namespace RetailVision.Edge.Capture;

/// <summary>
/// Delivers another source's frames resized, for decoders that cannot scale themselves (OpenCV): decodes into a Mat
/// of its own, allocated once, and resizes into the caller's.
/// </summary>
internal sealed class ResizingFrameSource(IFrameSource inner, int width, int height) : IFrameSource
{
    private readonly Mat _decoded = new();

    public int Width => width;
    public int Height => height;
    public int SourceWidth => inner.SourceWidth;
    public int SourceHeight => inner.SourceHeight;
    public double FramesPerSecond => inner.FramesPerSecond;
    public bool IsLive => inner.IsLive;
    public int? FrameCount => inner.FrameCount;
    public string? LastError => inner.LastError;

    public bool Read(Mat frame, out double timestampSeconds)
    {
        if (!inner.Read(_decoded, out timestampSeconds)) return false;
        // Linear like ffmpeg's bilinear scaler, so both decoders deliver alike frames.
        Cv2.Resize(_decoded, frame, new Size(width, height), interpolation: InterpolationFlags.Linear);
        return true;
    }

    public void Interrupt() => inner.Interrupt();

    public void Dispose()
    {
        inner.Dispose();
        _decoded.Dispose();
    }
}
