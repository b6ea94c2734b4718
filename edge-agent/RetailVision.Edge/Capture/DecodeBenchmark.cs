using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;

namespace RetailVision.Edge.Capture;

/// <summary>Measures how fast a decoder delivers a video's frames into one reused Mat, as a capture thread would.</summary>
public static class DecodeBenchmark
{
    /// <summary>Decodes up to <paramref name="frames"/> frames (all when 0) of <paramref name="path"/>.</summary>
    public static DecodeBenchmarkResult Run(string path, CaptureDecoder decoder, int frames = 0, int? outputWidth = null)
    {
        if (!VideoSourceUri.TryParse(path, out var uri, out var error)) throw new ArgumentException(error, nameof(path));
        var options = CaptureOptions.Default with { Decoder = decoder, OutputWidth = outputWidth };
        var clock = Stopwatch.StartNew();
        using var source = FrameSources.Open(uri, options, NullLogger.Instance);
        var opened = clock.Elapsed;
        using var frame = new Mat(source.Height, source.Width, MatType.CV_8UC3);
        var decoded = 0;
        while ((frames <= 0 || decoded < frames) && source.Read(frame, out _)) decoded++;
        return new DecodeBenchmarkResult(FrameSources.DecoderFor(uri, options), source.Width, source.Height, decoded,
            opened.TotalSeconds, (clock.Elapsed - opened).TotalSeconds);
    }
}
