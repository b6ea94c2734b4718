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

    public string FfmpegPath { get; init; } = "ffmpeg";

    public string FfprobePath { get; init; } = "ffprobe";

    /// <summary>How long ffprobe may take to describe a stream before the open counts as failed.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
