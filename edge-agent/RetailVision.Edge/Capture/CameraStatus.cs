namespace RetailVision.Edge.Capture;

/// <summary>
/// A feed's state, why it is in it (the decoder's or the feed's words), since when, and for
/// <see cref="CameraState.Reconnecting"/> how long until the next attempt.
/// </summary>
public sealed record CameraStatus(CameraState State, string Reason, DateTimeOffset Since, TimeSpan? RetryIn = null);
