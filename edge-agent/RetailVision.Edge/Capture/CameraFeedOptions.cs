namespace RetailVision.Edge.Capture;

/// <summary>How a <see cref="CameraFeed"/> reads its source and recovers from failures.</summary>
public sealed record CameraFeedOptions
{
    public CaptureOptions Capture { get; init; } = CaptureOptions.Default;

    /// <summary>
    /// Files: deliver each frame at its time, like a camera would, dropping frames the reader does not keep up with.
    /// When false, files are delivered frame by frame as fast as the reader takes them, none dropped.
    /// </summary>
    public bool Realtime { get; init; }

    /// <summary>Files: start again at the end, timestamps continuing from where the previous pass ended.</summary>
    public bool Loop { get; init; }

    /// <summary>An open source that delivers no frame for this long is abandoned and reopened (Frigate waits 20 s too).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>First wait before reopening a live source; doubled after each failed attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
