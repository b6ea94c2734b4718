using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using RetailVision.Edge.Capture;
using RetailVision.Tests.Shared;
using Xunit.Abstractions;

namespace RetailVision.Edge.Tests.Capture;

public sealed class FfmpegFrameSourceTests(ITestOutputHelper output)
{
    private static VideoSourceUri Vtest()
    {
        Assert.True(VideoSourceUri.TryParse(TestRepository.VtestVideo, out var uri, out var error), error);
        return uri;
    }

    [Fact]
    public void Decodes_vtest_with_the_same_frames_and_pixels_as_OpenCV()
    {
        using var ffmpeg = FfmpegFrameSource.Open(Vtest(), CaptureOptions.Default, NullLogger.Instance);
        using var opencv = VideoFrameSource.Open(Vtest());
        Assert.Equal((768, 576), (ffmpeg.Width, ffmpeg.Height));
        Assert.Equal(10, ffmpeg.FramesPerSecond, 3);
        Assert.Equal(795, ffmpeg.FrameCount);
        Assert.False(ffmpeg.IsLive);

        using var a = new Mat(ffmpeg.Height, ffmpeg.Width, MatType.CV_8UC3);
        using var b = new Mat();
        using var difference = new Mat();
        var frames = 0;
        var worstMean = 0.0;
        while (ffmpeg.Read(a, out var timestamp))
        {
            Assert.True(opencv.Read(b, out var expected), $"OpenCV ended before frame {frames}");
            Assert.Equal(expected, timestamp, 3);
            Cv2.Absdiff(a, b, difference);
            var mean = Cv2.Mean(difference);
            worstMean = Math.Max(worstMean, (mean.Val0 + mean.Val1 + mean.Val2) / 3);
            frames++;
        }
        Assert.False(opencv.Read(b, out _), "OpenCV has frames after ffmpeg ended");
        output.WriteLine($"{frames} frames, worst mean absolute difference {worstMean:0.###} levels");
        Assert.Equal(795, frames);
        // Both run FFmpeg's decoder; only the YUV→BGR conversion may round differently.
        Assert.True(worstMean < 1.5, $"mean absolute difference {worstMean:0.###} levels");
        Assert.Null(ffmpeg.LastError);
    }

    [Fact]
    public void Scales_inside_ffmpeg_keeping_the_aspect_ratio()
    {
        using var source = FfmpegFrameSource.Open(Vtest(), CaptureOptions.Default with { OutputWidth = 640 }, NullLogger.Instance);
        Assert.Equal((640, 480), (source.Width, source.Height));
        using var frame = new Mat();
        Assert.True(source.Read(frame, out _));
        Assert.Equal(new Size(640, 480), frame.Size());
        Assert.Equal(MatType.CV_8UC3, frame.Type());
    }

    [Fact]
    public void Reads_into_the_callers_mat_without_reallocating_it()
    {
        using var source = FfmpegFrameSource.Open(Vtest(), CaptureOptions.Default, NullLogger.Instance);
        using var frame = new Mat(source.Height, source.Width, MatType.CV_8UC3);
        var data = frame.Data;
        for (var i = 0; i < 10; i++) Assert.True(source.Read(frame, out _));
        Assert.Equal(data, frame.Data);
    }

    [Fact]
    public void Reading_frames_allocates_nothing_managed()
    {
        using var source = FfmpegFrameSource.Open(Vtest(), CaptureOptions.Default, NullLogger.Instance);
        using var frame = new Mat(source.Height, source.Width, MatType.CV_8UC3);
        for (var i = 0; i < 5; i++) Assert.True(source.Read(frame, out _));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) Assert.True(source.Read(frame, out _));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_missing_ffmpeg_says_what_to_install()
    {
        var options = CaptureOptions.Default with { FfprobePath = "/nonexistent/ffprobe" };
        var ex = Assert.Throws<DecoderUnavailableException>(() => FfmpegFrameSource.Open(Vtest(), options, NullLogger.Instance));
        Assert.Contains("install Debian's ffmpeg", ex.Message);
    }

    [Fact]
    public void A_stream_nobody_serves_fails_naming_the_cause()
    {
        Assert.True(VideoSourceUri.TryParse($"rtsp://127.0.0.1:{FreePort.Next()}/none", out var uri, out _));
        var ex = Assert.Throws<IOException>(() => FfmpegFrameSource.Open(uri, CaptureOptions.Default, NullLogger.Instance));
        output.WriteLine(ex.Message);
        Assert.Contains("Connection refused", ex.Message);
    }

    [Fact]
    public void Reads_a_live_rtsp_stream_with_arrival_timestamps()
    {
        using var server = RtspTestServer.Start();
        Assert.True(VideoSourceUri.TryParse(server.Url, out var uri, out _));
        using var source = FrameSources.Open(uri, CaptureOptions.Default, NullLogger.Instance);
        Assert.IsType<FfmpegFrameSource>(source);
        Assert.True(source.IsLive);
        Assert.Null(source.FrameCount);
        Assert.Equal((RtspTestServer.Width, RtspTestServer.Height), (source.Width, source.Height));
        using var frame = new Mat();
        var timestamps = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            Assert.True(source.Read(frame, out var timestamp), source.LastError);
            timestamps.Add(timestamp);
        }
        // Arrival times: increasing, and 29 frame intervals of a 15 fps stream span about two seconds.
        Assert.All(timestamps.Zip(timestamps.Skip(1)), p => Assert.True(p.Second >= p.First));
        var span = timestamps[^1] - timestamps[0];
        output.WriteLine($"30 frames over {span:0.00} s");
        Assert.InRange(span, 1.0, 4.0);
        Assert.True(Cv2.Mean(frame).Val0 > 0, "the frame is black");
    }
}
