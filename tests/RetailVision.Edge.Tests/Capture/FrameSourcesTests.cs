using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using RetailVision.Edge.Capture;
using RetailVision.Tests.Shared;

namespace RetailVision.Edge.Tests.Capture;

public sealed class FrameSourcesTests
{
    private static VideoSourceUri Parse(string text)
    {
        Assert.True(VideoSourceUri.TryParse(text, out var uri, out var error), error);
        return uri;
    }

    [Fact]
    public void Auto_picks_ffmpeg_for_streams_and_files_and_falls_back_to_OpenCV_for_files_without_it()
    {
        var auto = CaptureOptions.Default;
        Assert.Equal(CaptureDecoder.Ffmpeg, FrameSources.DecoderFor(Parse("rtsp://10.0.0.5/stream"), auto));
        Assert.Equal(CaptureDecoder.Ffmpeg, FrameSources.DecoderFor(Parse(TestRepository.VtestVideo), auto));
        Assert.Equal(CaptureDecoder.OpenCv, FrameSources.DecoderFor(Parse(TestRepository.VtestVideo), auto with { FfmpegPath = "/nonexistent/ffmpeg" }));
        Assert.Equal(CaptureDecoder.Ffmpeg, FrameSources.DecoderFor(Parse("http://10.0.0.5/mjpeg"), auto with { FfmpegPath = "/nonexistent/ffmpeg" }));
    }

    [Fact]
    public void An_explicit_decoder_is_used_as_asked()
    {
        var vtest = Parse(TestRepository.VtestVideo);
        using var opencv = FrameSources.Open(vtest, CaptureOptions.Default with { Decoder = CaptureDecoder.OpenCv }, NullLogger.Instance);
        Assert.IsType<VideoFrameSource>(opencv);
        using var ffmpeg = FrameSources.Open(vtest, CaptureOptions.Default with { Decoder = CaptureDecoder.Ffmpeg }, NullLogger.Instance);
        Assert.IsType<FfmpegFrameSource>(ffmpeg);
    }

    [Fact]
    public void OpenCV_scales_after_decoding_to_the_same_size_ffmpeg_delivers()
    {
        var vtest = Parse(TestRepository.VtestVideo);
        using var source = FrameSources.Open(vtest, CaptureOptions.Default with { Decoder = CaptureDecoder.OpenCv, OutputWidth = 640 }, NullLogger.Instance);
        Assert.Equal((640, 480), (source.Width, source.Height));
        using var frame = new Mat();
        Assert.True(source.Read(frame, out var timestamp));
        Assert.Equal(new Size(640, 480), frame.Size());
        Assert.Equal(0, timestamp);
    }

    [Fact]
    public void OpenCV_cannot_open_network_streams_and_says_so()
    {
        var ex = Assert.Throws<IOException>(() => FrameSources.Open(Parse("rtsp://127.0.0.1:1/x"), CaptureOptions.Default with { Decoder = CaptureDecoder.OpenCv }, NullLogger.Instance));
        Assert.Contains("no network support", ex.Message);
    }
}
