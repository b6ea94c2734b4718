using Microsoft.Extensions.Logging;
using RetailVision.Edge.Capture;

namespace RetailVision.Edge.Pipeline;

/// <summary>
/// One camera's processing thread: takes the newest frame from its <see cref="CameraFeed"/> and runs it through a
/// <see cref="CameraPipeline"/> built once the feed knows the frame size. A frame that fails is logged and skipped, so
/// one bad frame or camera never stops the others.
/// </summary>
public sealed class CameraWorker(CameraFeed feed, Func<VideoFormat, CameraPipeline> createPipeline, ILogger logger)
{
    private static readonly TimeSpan TakeWait = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ErrorLogInterval = TimeSpan.FromSeconds(60);
    private CameraPipeline? _pipeline;
    private (int Width, int Height) _delivered;
    private DateTimeOffset _lastErrorLogged = DateTimeOffset.MinValue;
    private long _failedFrames;

    public string CameraId => feed.CameraId;

    public CameraFeed Feed => feed;

    /// <summary>The pipeline once the first frame arrived; null before.</summary>
    public CameraPipeline? Pipeline => Volatile.Read(ref _pipeline);

    /// <summary>Frames whose processing threw.</summary>
    public long FailedFrames => Interlocked.Read(ref _failedFrames);

    /// <summary>Processes frames until the feed completes (a file's end) or <paramref name="token"/> is cancelled.</summary>
    public void Run(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            if (!feed.TryTake(out var lease, TakeWait, token))
            {
                if (feed.IsCompleted) break;
                continue;
            }
            using (lease)
            {
                try
                {
                    PipelineFor(lease.Frame.Width, lease.Frame.Height).Process(lease.Frame, lease.TimestampSeconds);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Interlocked.Increment(ref _failedFrames);
                    var now = DateTimeOffset.UtcNow;
                    if (now - _lastErrorLogged < ErrorLogInterval) continue;
                    _lastErrorLogged = now;
                    logger.LogError(ex, "Camera {Camera}: a frame failed ({Failed} so far); carrying on", CameraId, FailedFrames);
                }
            }
        }
        _pipeline?.Complete();
    }

    // A camera reopened at another resolution gets a fresh pipeline: zones and heatmap cells are tied to the frame size.
    private CameraPipeline PipelineFor(int width, int height)
    {
        if (_pipeline is { } current && _delivered == (width, height)) return current;
        if (_pipeline is not null)
        {
            logger.LogWarning("Camera {Camera} now delivers {Width}x{Height} (was {OldWidth}x{OldHeight}); restarting its zones and heatmap",
                CameraId, width, height, _delivered.Width, _delivered.Height);
            _pipeline.Complete();
        }
        var format = feed.Format ?? throw new InvalidOperationException("a frame arrived before the feed knew its format");
        _delivered = (width, height);
        Volatile.Write(ref _pipeline, createPipeline(format));
        return _pipeline!;
    }
}
