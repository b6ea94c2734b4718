namespace RetailVision.Edge.Capture;

/// <summary>Where a <see cref="CameraFeed"/> stands.</summary>
public enum CameraState
{
    /// <summary>Opening the source for the first time.</summary>
    Starting,
    /// <summary>Frames are arriving.</summary>
    Streaming,
    /// <summary>The source is open but no frame came within the stall timeout; it is being abandoned.</summary>
    Stalled,
    /// <summary>A live source stopped or could not be opened; the next attempt waits <see cref="CameraStatus.RetryIn"/>.</summary>
    Reconnecting,
    /// <summary>A file reached its end (or could not be read further): no more frames will come.</summary>
    Ended,
    /// <summary>The source cannot work (file missing or unreadable, decoder not installed): no more frames will come.</summary>
    Failed,
}
