using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenCvSharp;
using Polly;
using Polly.Retry;

namespace RetailVision.Edge.Capture;

/// <summary>
/// One camera's capture thread: opens the source through <see cref="FrameSources"/>, decodes into a
/// <see cref="LatestFrameSlot"/> the processing thread takes frames from, and keeps a live source alive: a stream that
/// stops or stalls is reopened with exponential backoff, forever. A file ends the feed at its end (or loops).
/// Timestamps run on the feed's clock: arrival time since the feed started for live sources, so they keep increasing
/// across reconnects; container time for files, continued across loop passes.
/// </summary>
public sealed class CameraFeed : IDisposable
{
    // Weight of the newest frame in the decode-time moving average: about the last 20 frames count.
    private const double DecodeAverageWeight = 0.05;

    private readonly CameraFeedOptions _options;
    private readonly ILogger _logger;
    private readonly LatestFrameSlot _slot;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly Timer _watchdog;
    private readonly ResiliencePipeline<Pass> _reconnect;
    private readonly Lock _statusGate = new();
    private volatile CameraStatus _status;
    private volatile IFrameSource? _current;
    private volatile VideoFormat? _format;
    // Stopwatch ticks when the Read in progress began; 0 while the capture thread is not inside Read.
    private long _readStartedAt;
    private long _framesCaptured;
    private long _reconnects;
    private double _decodeMs;
    // Lost passes in a row, counting from the last one that streamed: sets the exponent of the next reconnect delay.
    private int _lostInARow;
    private bool _started;

    public CameraFeed(string cameraId, VideoSourceUri source, CameraFeedOptions options, ILogger logger)
    {
        CameraId = cameraId;
        Source = source;
        _options = options;
        _logger = logger;
        _slot = new LatestFrameSlot(dropOlder: source.IsLive || options.Realtime);
        _reconnect = CreateReconnect();
        _status = new CameraStatus(CameraState.Starting, "not opened yet", DateTimeOffset.UtcNow);
        _thread = new Thread(Run) { IsBackground = true, Name = $"capture {cameraId}" };
        _watchdog = new Timer(_ => CheckStall());
    }

    public string CameraId { get; }

    public VideoSourceUri Source { get; }

    public CameraStatus Status => _status;

    /// <summary>Raised on the capture or watchdog thread whenever the status changes; keep handlers short.</summary>
    public event Action<CameraFeed, CameraStatus>? StatusChanged;

    /// <summary>The delivered frames' size and rate once the source has been opened; null before.</summary>
    public VideoFormat? Format => _format;

    public CameraFeedCounters Counters => new(Interlocked.Read(ref _framesCaptured), _slot.FramesDropped,
        Interlocked.Read(ref _reconnects), Volatile.Read(ref _decodeMs));

    /// <summary>The feed has ended or failed and every frame it captured has been taken.</summary>
    public bool IsCompleted => _slot.IsCompleted;

    /// <summary>Starts the capture thread; subscribe to <see cref="StatusChanged"/> before.</summary>
    public void Start()
    {
        if (_started) throw new InvalidOperationException("the feed has already been started");
        _started = true;
        var period = TimeSpan.FromTicks(Math.Clamp(_options.StallTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond));
        _watchdog.Change(period, period);
        _thread.Start();
    }

    /// <summary>Leases the newest frame (see <see cref="LatestFrameSlot.TryTake"/>); release it before taking the next.</summary>
    public bool TryTake(out FrameLease lease, TimeSpan wait, CancellationToken cancellation = default) => _slot.TryTake(out lease, wait, cancellation);

    public void Release(in FrameLease lease) => _slot.Release(lease);

    private void Run()
    {
        try
        {
            Capture();
        }
        catch (Exception ex)
        {
            // Whatever a decoder throws must not end the process (an exception escaping a thread does): this feed fails.
            _logger.LogError(ex, "Camera {Camera}: capture failed", CameraId);
            SetStatus(CameraState.Failed, ex.Message);
        }
        finally
        {
            _slot.Complete();
        }
    }

    private void Capture()
    {
        var feedClock = Stopwatch.StartNew();
        var fileOffset = 0.0;
        while (true)
        {
            Pass pass;
            var context = ResilienceContextPool.Shared.Get(_stop.Token);
            try
            {
                // A live source is reopened inside: it comes back from here only when it failed for good or the feed stops.
                pass = _reconnect.Execute(static (_, state) => state.Feed.OpenAndPump(state.Clock, state.FileOffset), context,
                    (Feed: this, Clock: feedClock, FileOffset: fileOffset));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
            if (pass.Fatal)
            {
                SetStatus(CameraState.Failed, pass.Reason!);
                return;
            }
            if (_stop.IsCancellationRequested || Source.IsLive) return;
            if (!_options.Loop || pass.Frames == 0 || pass.Reason is not null)
            {
                // A decoder that complained on the way still reached the end: say both.
                SetStatus(CameraState.Ended, pass.Reason ?? (pass.DecoderError is { } error ? $"end of file (last decoder error: {error})" : "end of file"));
                return;
            }
            fileOffset = pass.LastTimestamp + 1 / _format!.FramesPerSecond;
        }
    }

    // Reopens a lost live source forever: InitialBackoff, doubling up to MaxBackoff, and InitialBackoff again after a pass
    // that streamed, so a camera that is down costs little and one that comes back is retried soon. Polly counts attempts
    // over the feed's whole life, hence the delay's own count of losses in a row.
    private ResiliencePipeline<Pass> CreateReconnect() =>
        new ResiliencePipelineBuilder<Pass>()
            .AddRetry(new RetryStrategyOptions<Pass>
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Lost: true } && !_stop.IsCancellationRequested),
                DelayGenerator = args =>
                {
                    _lostInARow = args.Outcome.Result.Frames > 0 ? 1 : _lostInARow + 1;
                    var delay = Math.Min(_options.InitialBackoff.TotalMilliseconds * Math.Pow(2, _lostInARow - 1), _options.MaxBackoff.TotalMilliseconds);
                    return ValueTask.FromResult<TimeSpan?>(TimeSpan.FromMilliseconds(delay));
                },
                OnRetry = args =>
                {
                    Interlocked.Increment(ref _reconnects);
                    SetStatus(CameraState.Reconnecting, args.Outcome.Result.Reason ?? "the stream ended", args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    // Opens the source and reads it through once.
    private Pass OpenAndPump(Stopwatch feedClock, double fileOffset)
    {
        IFrameSource source;
        try
        {
            source = FrameSources.Open(Source, _options.Capture, _logger);
        }
        catch (DecoderUnavailableException ex)
        {
            return Pass.Failed(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or OpenCVException)
        {
            return Source.IsLive ? new Pass(0, 0, ex.Message) { Lost = true } : Pass.Failed(ex.Message);
        }
        using (source)
        {
            _current = source;
            _format = new VideoFormat(source.Width, source.Height, source.FramesPerSecond, source.FrameCount)
            {
                SourceSize = (source.SourceWidth, source.SourceHeight),
            };
            var pass = Pump(source, Source.IsLive ? feedClock.Elapsed.TotalSeconds : fileOffset);
            _current = null;
            return pass with { Lost = Source.IsLive, DecoderError = source.LastError };
        }
    }

    // Reads one opened source until it ends, stalls or the feed stops. Reason is null for a clean end of file.
    private Pass Pump(IFrameSource source, double offset)
    {
        var frames = 0;
        var last = offset;
        long paceStart = 0;
        var firstTimestamp = 0.0;
        while (!_stop.IsCancellationRequested)
        {
            var buffer = _slot.WriteBuffer;
            bool read;
            double timestamp;
            var started = Stopwatch.GetTimestamp();
            Volatile.Write(ref _readStartedAt, started);
            try
            {
                read = source.Read(buffer, out timestamp);
            }
            catch (Exception ex) when (ex is OpenCVException or IOException)
            {
                _logger.LogWarning("Camera {Camera}: decoding failed after {Frames} frames: {Reason}", CameraId, frames, ex.Message);
                return new Pass(frames, last, ex.Message);
            }
            finally
            {
                Volatile.Write(ref _readStartedAt, 0);
            }
            if (!read) return new Pass(frames, last, StopReason(source));
            var decodeMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Volatile.Write(ref _decodeMs, _decodeMs == 0 ? decodeMs : _decodeMs + DecodeAverageWeight * (decodeMs - _decodeMs));
            if (frames == 0)
            {
                SetStatus(CameraState.Streaming, $"{source.Width}x{source.Height} at {source.FramesPerSecond:0.##} fps");
                paceStart = Stopwatch.GetTimestamp();
                firstTimestamp = timestamp;
            }
            last = offset + timestamp;
            if (_options.Realtime && !source.IsLive) PaceTo(paceStart, timestamp - firstTimestamp);
            if (!_slot.Publish(last)) break;
            frames++;
            Interlocked.Increment(ref _framesCaptured);
        }
        return new Pass(frames, last, null);
    }

    // Why a source stopped delivering: a stall the watchdog caught, for live sources the decoder's last complaint;
    // null for a file that reached its end.
    private string? StopReason(IFrameSource source)
    {
        if (_status.State == CameraState.Stalled) return _status.Reason;
        if (!source.IsLive) return null;
        return source.LastError ?? "the stream ended";
    }

    // A file played "live" waits until its frame's time has come, like a camera would deliver it.
    private void PaceTo(long paceStart, double secondsIntoPass)
    {
        var wait = secondsIntoPass - Stopwatch.GetElapsedTime(paceStart).TotalSeconds;
        if (wait > 0) _stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(wait));
    }

    private void CheckStall()
    {
        var started = Volatile.Read(ref _readStartedAt);
        if (started == 0 || Stopwatch.GetElapsedTime(started) < _options.StallTimeout) return;
        if (_current is not { } source || _status.State == CameraState.Stalled) return;
        SetStatus(CameraState.Stalled, $"no frame for {_options.StallTimeout.TotalSeconds:0.#} s");
        source.Interrupt();
    }

    private void SetStatus(CameraState state, string reason, TimeSpan? retryIn = null)
    {
        CameraStatus status;
        lock (_statusGate)
        {
            var since = _status.State == state ? _status.Since : DateTimeOffset.UtcNow;
            status = new CameraStatus(state, reason, since, retryIn);
            _status = status;
        }
        if (state is CameraState.Streaming or CameraState.Ended) _logger.LogInformation("Camera {Camera} {State} ({Source}): {Reason}", CameraId, state, Source, reason);
        else if (retryIn is { } delay) _logger.LogWarning("Camera {Camera} {State}: {Reason}; retrying in {Delay:0.#} s", CameraId, state, reason, delay.TotalSeconds);
        else _logger.LogWarning("Camera {Camera} {State}: {Reason}", CameraId, state, reason);
        StatusChanged?.Invoke(this, status);
    }

    /// <summary>Stops the capture thread and frees the frames; release any lease first.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _current?.Interrupt();
        _slot.Complete();
        if (_started) _thread.Join();
        _watchdog.Dispose();
        _slot.Dispose();
        _stop.Dispose();
    }

    // What one pass over a source came to. Reason is null for a clean end of file; a lost pass is a live source to reopen,
    // a failed one a source that cannot be read at all.
    private readonly record struct Pass(int Frames, double LastTimestamp, string? Reason)
    {
        public bool Lost { get; init; }

        public bool Fatal { get; init; }

        public string? DecoderError { get; init; }

        public static Pass Failed(string reason) => new(0, 0, reason) { Fatal = true };
    }
}
