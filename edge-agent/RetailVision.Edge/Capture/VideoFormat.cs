namespace RetailVision.Edge.Capture;

/// <summary>The size and rate of the frames a feed delivers, as its source was last opened.</summary>
public sealed record VideoFormat(int Width, int Height, double FramesPerSecond, int? FrameCount)
{
    // Kept only when it differs from the delivered size, so unscaled formats compare equal however they were made.
    private readonly (int Width, int Height)? _source;

    /// <summary>The source's own size before the decoder scaled it (the delivered size when it did not).</summary>
    public (int Width, int Height) SourceSize
    {
        get => _source ?? (Width, Height);
        init => _source = value == (Width, Height) ? null : value;
    }
}
