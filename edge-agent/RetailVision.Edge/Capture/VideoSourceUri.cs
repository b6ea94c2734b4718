namespace RetailVision.Edge.Capture;

/// <summary>
/// A parsed camera source: a video file (path or file:// URI), a local V4L2 camera (usb:N or /dev/videoN) or a
/// network stream (rtsp://, rtsps://, http://, https://). For network streams <see cref="Path"/> is the full URL.
/// </summary>
public readonly record struct VideoSourceUri(VideoSourceKind Kind, string Path, int DeviceIndex)
{
    private static readonly string[] NetworkSchemes = ["rtsp", "rtsps", "http", "https"];

    public bool IsLive => Kind != VideoSourceKind.File;

    public static bool TryParse(string? text, out VideoSourceUri source, out string error)
    {
        source = default;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "must not be empty";
            return false;
        }
        if (IsNetworkScheme(text))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
            {
                error = $"'{Redact(text)}': not a valid stream URL (expected scheme://host[:port]/path)";
                return false;
            }
            source = new VideoSourceUri(VideoSourceKind.Network, text, -1);
            return true;
        }
        if (text.StartsWith("usb:", StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(text.AsSpan(4), out var index) || index < 0)
            {
                error = $"'{text}': expected usb:N with N a device number";
                return false;
            }
            source = new VideoSourceUri(VideoSourceKind.Usb, $"/dev/video{index}", index);
            return Exists(source, text, out error);
        }
        if (text.StartsWith("/dev/video", StringComparison.Ordinal) && int.TryParse(text.AsSpan(10), out var device))
        {
            source = new VideoSourceUri(VideoSourceKind.Usb, text, device);
            return Exists(source, text, out error);
        }
        var path = text.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(text).LocalPath : text;
        source = new VideoSourceUri(VideoSourceKind.File, System.IO.Path.GetFullPath(path), -1);
        return Exists(source, text, out error);
    }

    private static bool IsNetworkScheme(string text)
    {
        var colon = text.IndexOf("://", StringComparison.Ordinal);
        if (colon <= 0) return false;
        var scheme = text.AsSpan(0, colon);
        foreach (var known in NetworkSchemes)
            if (scheme.Equals(known, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static bool Exists(VideoSourceUri source, string text, out string error)
    {
        if (File.Exists(source.Path))
        {
            error = "";
            return true;
        }
        error = source.Kind == VideoSourceKind.File ? $"video file '{text}' does not exist" : $"camera device '{source.Path}' does not exist";
        return false;
    }

    // Camera URLs often carry credentials (rtsp://user:password@host/...); logs and error messages must not.
    private static string Redact(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var at = url.IndexOf('@', start);
        var slash = url.IndexOf('/', start);
        if (at < 0 || (slash >= 0 && slash < at)) return url;
        var colon = url.IndexOf(':', start);
        return colon >= 0 && colon < at ? string.Concat(url.AsSpan(0, colon + 1), "***", url.AsSpan(at)) : url;
    }

    /// <summary>The source as a user wrote it, with any password in a stream URL replaced by ***.</summary>
    public override string ToString() => Kind switch
    {
        VideoSourceKind.File => Path,
        VideoSourceKind.Network => Redact(Path),
        _ => $"usb:{DeviceIndex}",
    };
}
