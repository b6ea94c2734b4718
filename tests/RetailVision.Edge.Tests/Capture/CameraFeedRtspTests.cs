using Microsoft.Extensions.Logging.Abstractions;
using RetailVision.Edge.Capture;
using RetailVision.Tests.Shared;
using Xunit.Abstractions;

namespace RetailVision.Edge.Tests.Capture;

/// <summary>Camera feeds against a real RTSP server that is killed, frozen and brought back.</summary>
public sealed class CameraFeedRtspTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static VideoSourceUri Uri(string url)
    {
        Assert.True(VideoSourceUri.TryParse(url, out var uri, out var error), error);
        return uri;
    }

    private sealed class StatusLog
    {
        private readonly List<CameraStatus> _statuses = [];

        public StatusLog(CameraFeed feed) => feed.StatusChanged += (_, s) => { lock (_statuses) _statuses.Add(s); };

        public CameraStatus[] All { get { lock (_statuses) return _statuses.ToArray(); } }

        public bool Saw(CameraState state) => All.Any(s => s.State == state);

        public void WaitFor(CameraState state, TimeSpan limit)
        {
            var deadline = DateTime.UtcNow + limit;
            while (!Saw(state) && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Assert.True(Saw(state), $"no {state} within {limit.TotalSeconds} s; saw {string.Join(", ", All.Select(s => $"{s.State} ({s.Reason})"))}");
        }
    }

    // Takes frames until `count` more have arrived; returns their timestamps.
    private static List<double> Take(CameraFeed feed, int count)
    {
        var timestamps = new List<double>();
        var deadline = DateTime.UtcNow + Patience;
        while (timestamps.Count < count && DateTime.UtcNow < deadline)
        {
            if (!feed.TryTake(out var lease, TimeSpan.FromMilliseconds(200))) continue;
            Assert.Equal((RtspTestServer.Width, RtspTestServer.Height), (lease.Frame.Width, lease.Frame.Height));
            timestamps.Add(lease.TimestampSeconds);
            feed.Release(lease);
        }
        Assert.True(timestamps.Count == count, $"only {timestamps.Count} of {count} frames arrived; status {feed.Status}");
        return timestamps;
    }

    [Fact]
    public void A_killed_server_is_reconnected_when_it_comes_back_and_timestamps_keep_increasing()
    {
        using var server = RtspTestServer.Start();
        using var feed = new CameraFeed("door", Uri(server.Url),
            new CameraFeedOptions { InitialBackoff = TimeSpan.FromMilliseconds(250), MaxBackoff = TimeSpan.FromSeconds(1) }, NullLogger.Instance);
        var log = new StatusLog(feed);
        feed.Start();
        var before = Take(feed, 15);
        Assert.Equal(CameraState.Streaming, feed.Status.State);
        Assert.Equal(new VideoFormat(RtspTestServer.Width, RtspTestServer.Height, RtspTestServer.FramesPerSecond, null), feed.Format);

        server.Kill();
        log.WaitFor(CameraState.Reconnecting, Patience);
        Thread.Sleep(1500);
        var retries = log.All.Where(s => s.State == CameraState.Reconnecting).ToArray();
        output.WriteLine(string.Join("\n", retries.Select(s => $"{s.RetryIn?.TotalSeconds:0.00} s: {s.Reason}")));
        Assert.True(retries.Length >= 2, "the feed should keep trying while the server is down");
        Assert.Contains(retries, s => s.Reason.Contains("Connection refused"));

        server.Restart();
        var statusesBeforeRecovery = log.All.Length;
        var deadline = DateTime.UtcNow + Patience;
        while (!log.All.Skip(statusesBeforeRecovery).Any(s => s.State == CameraState.Streaming) && DateTime.UtcNow < deadline) Thread.Sleep(20);
        var after = Take(feed, 15);

        Assert.True(after[0] > before[^1], "timestamps run on the feed's clock across reconnects");
        Assert.True(feed.Counters.Reconnects >= 2);
        Assert.Equal(CameraState.Streaming, feed.Status.State);
        Assert.All(after.Zip(after.Skip(1)), p => Assert.True(p.Second >= p.First));
    }

    [Fact]
    public void A_frozen_server_is_detected_as_stalled_and_recovered()
    {
        using var server = RtspTestServer.Start();
        // Opening an RTSP stream takes ffmpeg about 1.7 s here (longer on a busy machine), and the first frame of each
        // attempt must arrive within the stall timeout too.
        var options = new CameraFeedOptions
        {
            StallTimeout = TimeSpan.FromSeconds(4),
            InitialBackoff = TimeSpan.FromMilliseconds(200),
            Capture = CaptureOptions.Default with { ProbeTimeout = TimeSpan.FromSeconds(3) },
        };
        using var feed = new CameraFeed("till", Uri(server.Url), options, NullLogger.Instance);
        var log = new StatusLog(feed);
        feed.Start();
        Take(feed, 10);

        server.Freeze(true);
        log.WaitFor(CameraState.Stalled, Patience);
        var stalled = log.All.First(s => s.State == CameraState.Stalled);
        Assert.Contains("no frame for 4 s", stalled.Reason);
        log.WaitFor(CameraState.Reconnecting, Patience);
        server.Freeze(false);

        Take(feed, 10);
        Assert.Equal(CameraState.Streaming, feed.Status.State);
        output.WriteLine(string.Join("\n", log.All.Select(s => $"{s.State}: {s.Reason}")));
    }

    [Fact]
    public void A_source_that_never_opens_backs_off_longer_each_time_without_disturbing_another_feed()
    {
        using var server = RtspTestServer.Start();
        var options = new CameraFeedOptions { InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(800) };
        using var dead = new CameraFeed("dead", Uri($"rtsp://127.0.0.1:{FreePort.Next()}/none"), options, NullLogger.Instance);
        using var live = new CameraFeed("live", Uri(server.Url), options, NullLogger.Instance);
        var deadLog = new StatusLog(dead);
        dead.Start();
        live.Start();

        var frames = Take(live, 45);
        Assert.True(frames[^1] - frames[0] > 2, "45 frames at 15 fps span about three seconds");

        var delays = deadLog.All.Where(s => s.State == CameraState.Reconnecting).Select(s => s.RetryIn!.Value.TotalMilliseconds).ToArray();
        output.WriteLine(string.Join(", ", delays));
        Assert.True(delays.Length >= 4, $"only {delays.Length} attempts");
        Assert.Equal([100, 200, 400, 800], delays[..4]);
        Assert.All(delays[4..], d => Assert.Equal(800, d));
        Assert.Equal(CameraState.Reconnecting, dead.Status.State);
        Assert.Equal(0, dead.Counters.FramesCaptured);
        Assert.Equal(CameraState.Streaming, live.Status.State);
        Assert.Equal(0, live.Counters.Reconnects);
    }
}
