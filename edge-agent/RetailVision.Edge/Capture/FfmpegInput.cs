namespace RetailVision.Edge.Capture;

/// <summary>The ffmpeg/ffprobe arguments that name an input, shared so both open a source the same way.</summary>
internal static class FfmpegInput
{
    public static void Add(List<string> arguments, VideoSourceUri source)
    {
        if (source.Kind == VideoSourceKind.Network && source.Path.StartsWith("rtsp", StringComparison.OrdinalIgnoreCase))
        {
            // UDP loses packets (and whole frames) on busy networks and through NAT; TCP is what cameras do reliably.
            arguments.AddRange(["-rtsp_transport", "tcp"]);
        }
        if (source.Kind == VideoSourceKind.Usb) arguments.AddRange(["-f", "v4l2"]);
        arguments.AddRange(["-i", source.Path]);
    }
}
