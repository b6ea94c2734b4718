namespace RetailVision.Edge.Capture;

/// <summary>
/// The decoder a source needs is not installed (ffmpeg or ffprobe missing from PATH): retrying cannot help, unlike
/// an <see cref="IOException"/> for a camera that is down.
/// </summary>
public sealed class DecoderUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
