namespace RetailVision.Edge.Capture;

/// <summary>What kind of video source a configured string names.</summary>
public enum VideoSourceKind
{
    File,
    Usb,
    /// <summary>A network stream (rtsp://, rtsps://, http://, https://), decoded by Debian's ffmpeg.</summary>
    Network,
}
