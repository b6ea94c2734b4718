namespace RetailVision.Edge.Capture;

/// <summary>How a source is decoded.</summary>
public sealed record CaptureOptions
{
    public static CaptureOptions Default { get; } = new();

    public CaptureDecoder Decoder { get; init; } = CaptureDecoder.Auto;

    /// <summary>
    /// Width to deliver frames at, the height following the aspect ratio (rounded to even); null keeps the source size.
    /// ffmpeg scales inside its own process, which costs the pipeline no time; OpenCV resizes after decoding.
    /// </summary>
    public int? OutputWidth { get; init; }

    /// <summary>ffmpeg's -hwaccel (for example vaapi or cuda); null decodes in software.</summary>
    public string? HardwareAcceleration { get; init; }

    /// <summary>
    /// ffmpeg's decoding threads per camera; 0 lets ffmpeg choose (one per core). A box decodes many cameras at once, so
    /// one thread each spends the least CPU on coordination; raise it only for a single stream too large for one core.
    /// </summary>
    public int DecoderThreads { get; init; } = 1;

    public string FfmpegPath { get; init; } = "ffmpeg";

    public string FfprobePath { get; init; } = "ffprobe";

    /// <summary>How long ffprobe may take to describe a stream before the open counts as failed.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
