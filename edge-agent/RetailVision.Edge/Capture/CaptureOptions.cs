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

    /// <summary>
    /// Deliver frames scaled down, keeping their aspect ratio, to fit within this size (never enlarged): set to the
    /// detector's input, the decoder does the letterbox scaling and hands over a fraction of the pixels. Ignored when
    /// <see cref="OutputWidth"/> is set.
    /// </summary>
    public (int Width, int Height)? FitWithin { get; init; }

    /// <summary>The width to deliver a <paramref name="width"/>×<paramref name="height"/> source at; null keeps it.</summary>
    public int? OutputWidthFor(int width, int height)
    {
        if (OutputWidth is { } fixedWidth) return fixedWidth;
        if (FitWithin is not { } box) return null;
        var scale = Math.Min((double)box.Width / width, (double)box.Height / height);
        return scale >= 1 ? null : Math.Max(2, (int)Math.Round(width * scale));
    }

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
