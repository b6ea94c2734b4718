using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using OpenCvSharp;

namespace RetailVision.Edge.Capture;

/// <summary>
/// Decodes with a Debian ffmpeg process that writes raw BGR frames to its stdout, read straight into the caller's
/// <see cref="Mat"/>. Unlike OpenCV's bundled FFmpeg it opens network streams, and it decodes HD video faster; scaling happens
/// inside ffmpeg. Timestamps: frame index / frame rate for files, arrival time since open for live sources.
/// </summary>
public sealed class FfmpegFrameSource : IFrameSource
{
    // A corrupt file can make ffmpeg complain once per packet; the first lines say what is wrong.
    private const int MaxLoggedErrorLines = 20;

    private readonly VideoSourceUri _source;
    private readonly ILogger _logger;
    private readonly Process _process;
    private readonly Stream _output;
    private readonly int _frameBytes;
    private readonly long _openedAt = Stopwatch.GetTimestamp();
    private readonly Lock _gate = new();
    private long _framesRead;
    private int _errorLines;
    private volatile string? _lastError;
    private bool _disposed;

    private FfmpegFrameSource(VideoSourceUri source, VideoStreamInfo stream, int width, int height, Process process, ILogger logger)
    {
        _source = source;
        _logger = logger;
        _process = process;
        _output = process.StandardOutput.BaseStream;
        Width = width;
        Height = height;
        SourceWidth = stream.Width;
        SourceHeight = stream.Height;
        FramesPerSecond = stream.FramesPerSecond;
        FrameCount = source.IsLive ? null : stream.FrameCount;
        _frameBytes = checked(width * height * 3);
        // A refused enlargement only costs speed (about a fifth at 768x576 here), so its result is not checked.
        PipeBuffer.TryEnlarge(_output, _frameBytes);
        process.ErrorDataReceived += (_, e) => OnErrorLine(e.Data);
        process.BeginErrorReadLine();
    }

    public int Width { get; }
    public int Height { get; }
    public int SourceWidth { get; }
    public int SourceHeight { get; }
    public double FramesPerSecond { get; }
    public bool IsLive => _source.IsLive;
    public int? FrameCount { get; }
    public string? LastError => _lastError;

    /// <summary>
    /// Probes the source with ffprobe and starts ffmpeg. An unreachable or unreadable source is an
    /// <see cref="IOException"/> naming the cause; a missing ffmpeg is a <see cref="DecoderUnavailableException"/>.
    /// </summary>
    public static FfmpegFrameSource Open(VideoSourceUri source, CaptureOptions options, ILogger logger)
    {
        var stream = FfmpegProbe.Run(source, options);
        var (width, height) = OutputSize(stream.Width, stream.Height, options.OutputWidthFor(stream.Width, stream.Height));
        var process = FfmpegProcess.Start(options.FfmpegPath, Arguments(source, options, stream, width, height));
        return new FfmpegFrameSource(source, stream, width, height, process, logger);
    }

    /// <summary>The delivered size: the source's, or <paramref name="outputWidth"/> wide keeping the aspect ratio, both even.</summary>
    public static (int Width, int Height) OutputSize(int width, int height, int? outputWidth)
    {
        if (outputWidth is not { } w || w == width) return (width, height);
        if (w < 2) throw new ArgumentOutOfRangeException(nameof(outputWidth), w, "must be at least 2 pixels");
        // Even sizes keep ffmpeg's chroma-subsampled scalers exact.
        var h = (int)Math.Round(height * (double)w / width / 2) * 2;
        return (w & ~1, Math.Max(2, h));
    }

    private static List<string> Arguments(VideoSourceUri source, CaptureOptions options, VideoStreamInfo stream, int width, int height)
    {
        var arguments = new List<string> { "-hide_banner", "-nostdin", "-loglevel", "error" };
        if (options.HardwareAcceleration is { } hwaccel) arguments.AddRange(["-hwaccel", hwaccel]);
        // Live sources: hand over each frame as soon as it is decoded instead of buffering for smooth playback.
        if (source.IsLive) arguments.AddRange(["-fflags", "nobuffer", "-flags", "low_delay"]);
        if (options.DecoderThreads > 0) arguments.AddRange(["-threads", options.DecoderThreads.ToString(CultureInfo.InvariantCulture)]);
        FfmpegInput.Add(arguments, source);
        arguments.AddRange(["-map", "0:v:0", "-an", "-sn", "-dn"]);
        if (width != stream.Width || height != stream.Height)
            arguments.AddRange(["-vf", string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height}:flags=bilinear")]);
        // Passthrough: one output frame per decoded frame, never duplicated or dropped to fit a nominal rate.
        arguments.AddRange(["-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"]);
        return arguments;
    }

    public unsafe bool Read(Mat frame, out double timestampSeconds)
    {
        timestampSeconds = 0;
        if (frame.Rows != Height || frame.Cols != Width || frame.Type() != MatType.CV_8UC3) frame.Create(Height, Width, MatType.CV_8UC3);
        if (!frame.IsContinuous()) throw new ArgumentException("the frame must be a continuous Mat, not a view into another", nameof(frame));
        int read;
        try
        {
            read = _output.ReadAtLeast(new Span<byte>(frame.DataPointer, _frameBytes), _frameBytes, throwOnEndOfStream: false);
        }
        catch (IOException ex)
        {
            // The pipe broke because the process was killed (Interrupt) or died.
            _lastError ??= ex.Message;
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        if (read < _frameBytes)
        {
            NoteExit(read);
            return false;
        }
        timestampSeconds = IsLive ? Stopwatch.GetElapsedTime(_openedAt).TotalSeconds : _framesRead / FramesPerSecond;
        _framesRead++;
        return true;
    }

    public void Interrupt()
    {
        lock (_gate)
        {
            if (!_disposed) FfmpegProcess.Stop(_process);
        }
    }

    // ffmpeg's stdout ended: say why, in its words when it gave any.
    private void NoteExit(int partialBytes)
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(2))) return;
        if (partialBytes > 0) _logger.LogWarning("{Source}: stream ended inside a frame ({Bytes} of {Total} bytes)", _source, partialBytes, _frameBytes);
        if (_process.ExitCode != 0 && _lastError is null) _lastError = $"ffmpeg exited with code {_process.ExitCode}";
    }

    private void OnErrorLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        _lastError = line;
        var count = Interlocked.Increment(ref _errorLines);
        if (count <= MaxLoggedErrorLines) _logger.LogWarning("{Source}: ffmpeg: {Message}", _source, line);
        else if (count == MaxLoggedErrorLines + 1) _logger.LogWarning("{Source}: ffmpeg keeps reporting errors; further ones are not logged", _source);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            FfmpegProcess.Stop(_process);
        }
        _process.WaitForExit();
        _process.Dispose();
    }
}
