namespace RetailVision.Edge.Capture;

/// <summary>Which decoder opens a source.</summary>
public enum CaptureDecoder
{
    /// <summary>ffmpeg for network streams and files (faster here), OpenCV for local cameras or when ffmpeg is missing.</summary>
    Auto,
    /// <summary>A Debian ffmpeg process piping raw frames.</summary>
    Ffmpeg,
    /// <summary>OpenCV's VideoCapture; its bundled FFmpeg cannot open network streams.</summary>
    OpenCv,
}
