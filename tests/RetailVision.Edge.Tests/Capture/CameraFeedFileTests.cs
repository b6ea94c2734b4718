using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Tests.Delivery;
using RetailVision.Tests.Shared;
using Xunit.Abstractions;

namespace RetailVision.Edge.Tests.Capture;

public sealed class CameraFeedFileTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static VideoSourceUri Uri(string path)
    {
        Assert.True(VideoSourceUri.TryParse(path, out var uri, out var error), error);
        return uri;
    }

    // Takes every frame until the feed completes; returns the timestamps seen.
    private static List<double> Drain(CameraFeed feed, TimeSpan limit)
    {
        var timestamps = new List<double>();
        var deadline = DateTime.UtcNow + limit;
        while (!feed.IsCompleted && DateTime.UtcNow < deadline)
        {
            if (!feed.TryTake(out var lease, TimeSpan.FromMilliseconds(500))) continue;
            Assert.False(lease.Frame.Empty());
            timestamps.Add(lease.TimestampSeconds);
            feed.Release(lease);
        }
        Assert.True(feed.IsCompleted, $"the feed did not end within {limit.TotalSeconds} s; status {feed.Status}");
        return timestamps;
    }

    [Theory]
    [InlineData(CaptureDecoder.Ffmpeg)]
    [InlineData(CaptureDecoder.OpenCv)]
    public void A_file_at_full_speed_delivers_every_frame_then_ends(CaptureDecoder decoder)
    {
        var statuses = new List<CameraState>();
        using var feed = new CameraFeed("vtest", Uri(TestRepository.VtestVideo),
            new CameraFeedOptions { Capture = CaptureOptions.Default with { Decoder = decoder } }, NullLogger.Instance);
        feed.StatusChanged += (_, s) => { lock (statuses) statuses.Add(s.State); };
        feed.Start();
        var timestamps = Drain(feed, TimeSpan.FromSeconds(30));

        Assert.Equal(795, timestamps.Count);
        Assert.Equal(0, timestamps[0], 6);
        Assert.Equal(79.4, timestamps[^1], 3);
        var counters = feed.Counters;
        Assert.Equal(795, counters.FramesCaptured);
        Assert.Equal(0, counters.FramesDropped);
        Assert.Equal(0, counters.Reconnects);
        Assert.True(counters.DecodeMsPerFrame > 0);
        Assert.Equal(new VideoFormat(768, 576, 10, 795), feed.Format);
        Assert.Equal([CameraState.Streaming, CameraState.Ended], statuses);
        Assert.Equal("end of file", feed.Status.Reason);
    }

    [Fact]
    public void A_looping_file_continues_its_timestamps_across_passes()
    {
        var clip = _temp.File("clip.avi");
        Assert.Equal(0, FfmpegRun($"-i {TestRepository.VtestVideo} -frames:v 20 -c copy {clip}"));
        using var feed = new CameraFeed("loop", Uri(clip), new CameraFeedOptions { Loop = true }, NullLogger.Instance);
        feed.Start();
        var timestamps = new List<double>();
        while (timestamps.Count < 50)
        {
            Assert.True(feed.TryTake(out var lease, TimeSpan.FromSeconds(10)), $"status {feed.Status}");
            timestamps.Add(lease.TimestampSeconds);
            lease.Dispose();
        }
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i / 10.0), timestamps.Select(t => Math.Round(t, 6)));
        Assert.Equal(CameraState.Streaming, feed.Status.State);
    }

    [Fact]
    public void A_realtime_file_is_paced_to_its_frame_rate()
    {
        var clip = _temp.File("clip.avi");
        Assert.Equal(0, FfmpegRun($"-i {TestRepository.VtestVideo} -frames:v 11 -c copy {clip}"));
        using var feed = new CameraFeed("paced", Uri(clip), new CameraFeedOptions { Realtime = true }, NullLogger.Instance);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        feed.Start();
        var frames = Drain(feed, TimeSpan.FromSeconds(10)).Count;
        // 11 frames at 10 fps: the last is due one second after the first.
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.95, 5);
        Assert.InRange(frames, 1, 11);
        Assert.Equal(11, feed.Counters.FramesCaptured);
    }

    [Theory]
    [InlineData(CaptureDecoder.Ffmpeg)]
    [InlineData(CaptureDecoder.OpenCv)]
    public void A_truncated_file_ends_the_feed_cleanly(CaptureDecoder decoder)
    {
        var bytes = File.ReadAllBytes(TestRepository.VtestVideo);
        var truncated = _temp.File("truncated.avi");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length * 2 / 5)]);
        var logger = new RecordingLogger();
        using var feed = new CameraFeed("truncated", Uri(truncated),
            new CameraFeedOptions { Capture = CaptureOptions.Default with { Decoder = decoder } }, logger);
        feed.Start();
        var frames = Drain(feed, TimeSpan.FromSeconds(30)).Count;
        output.WriteLine($"{decoder}: {frames} frames; {feed.Status}");
        foreach (var (level, message) in logger.Entries) output.WriteLine($"{level}: {message}");
        // About two fifths of the frames are in the file; the feed delivers them and ends instead of throwing.
        Assert.InRange(frames, 250, 340);
        Assert.Equal(CameraState.Ended, feed.Status.State);
    }

    [Fact]
    public void Garbage_in_the_middle_of_a_file_is_logged_and_decoding_goes_on()
    {
        var bytes = File.ReadAllBytes(TestRepository.VtestVideo);
        var random = new Random(7);
        random.NextBytes(bytes.AsSpan(bytes.Length / 2, 200_000));
        var corrupt = _temp.File("corrupt.avi");
        File.WriteAllBytes(corrupt, bytes);
        var logger = new RecordingLogger();
        using var feed = new CameraFeed("corrupt", Uri(corrupt),
            new CameraFeedOptions { Capture = CaptureOptions.Default with { Decoder = CaptureDecoder.Ffmpeg } }, logger);
        feed.Start();
        var frames = Drain(feed, TimeSpan.FromSeconds(30)).Count;
        output.WriteLine($"{frames} frames; {feed.Status}");
        foreach (var (level, message) in logger.Entries) output.WriteLine($"{level}: {message}");
        Assert.True(frames > 600, $"only {frames} frames: decoding stopped at the damage");
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("ffmpeg:"));
        Assert.Equal(CameraState.Ended, feed.Status.State);
    }

    [Fact]
    public void A_missing_file_fails_the_feed_with_the_reason()
    {
        var missing = _temp.File("gone.avi");
        File.WriteAllBytes(missing, []);
        using var feed = new CameraFeed("gone", Uri(missing), new CameraFeedOptions(), NullLogger.Instance);
        feed.Start();
        Assert.Empty(Drain(feed, TimeSpan.FromSeconds(10)));
        Assert.Equal(CameraState.Failed, feed.Status.State);
        Assert.Contains("cannot open video source", feed.Status.Reason);
    }

    private static int FfmpegRun(string arguments)
    {
        using var process = System.Diagnostics.Process.Start("ffmpeg", $"-loglevel error -y {arguments}");
        process.WaitForExit();
        return process.ExitCode;
    }
}
