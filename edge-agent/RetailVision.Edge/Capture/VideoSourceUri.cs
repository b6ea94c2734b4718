namespace RetailVision.Edge.Capture;

/// <summary>What kind of video source a configured string names.</summary>
public enum VideoSourceKind
{
    File,
    Usb,
}

/// <summary>
/// A parsed camera source: a video file (path or file:// URI) or a local V4L2 camera (usb:N or /dev/videoN).
/// Network streams are refused with a clear message: the bundled OpenCV FFmpeg has no network support.
/// </summary>
public readonly record struct VideoSourceUri(VideoSourceKind Kind, string Path, int DeviceIndex)
{
    public bool IsLive => Kind == VideoSourceKind.Usb;

    public static bool TryParse(string? text, out VideoSourceUri source, out string error)
    {
        source = default;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "must not be empty";
            return false;
        }
        if (text.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{text}': network streams are not supported by this build's decoder; use a file, usb:N or /dev/videoN";
            return false;
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

    public override string ToString() => Kind == VideoSourceKind.File ? Path : $"usb:{DeviceIndex}";
}
