using RetailVision.Edge.Capture;
using RetailVision.Tests.Shared;

namespace RetailVision.Edge.Tests.Capture;

public sealed class VideoSourceUriTests
{
    [Theory]
    [InlineData("rtsp://10.0.0.5:554/stream1")]
    [InlineData("RTSPS://cam.local/live")]
    [InlineData("http://10.0.0.5/mjpeg")]
    [InlineData("https://cam.local/video.m3u8")]
    public void Network_streams_are_live_and_keep_the_whole_url(string url)
    {
        Assert.True(VideoSourceUri.TryParse(url, out var source, out var error), error);
        Assert.Equal(VideoSourceKind.Network, source.Kind);
        Assert.True(source.IsLive);
        Assert.Equal(url, source.Path);
    }

    [Fact]
    public void A_password_in_a_stream_url_never_reaches_the_text()
    {
        Assert.True(VideoSourceUri.TryParse("rtsp://admin:s3cret@10.0.0.5:554/stream1", out var source, out _));
        Assert.Equal("rtsp://admin:***@10.0.0.5:554/stream1", source.ToString());
        Assert.Contains("s3cret", source.Path);
    }

    [Fact]
    public void A_stream_url_without_a_host_is_refused()
    {
        Assert.False(VideoSourceUri.TryParse("rtsp://", out _, out var error));
        Assert.Contains("not a valid stream URL", error);
    }

    [Fact]
    public void Files_are_not_live()
    {
        Assert.True(VideoSourceUri.TryParse(TestRepository.VtestVideo, out var source, out _));
        Assert.Equal(VideoSourceKind.File, source.Kind);
        Assert.False(source.IsLive);
        Assert.Equal(TestRepository.VtestVideo, source.ToString());
    }
}
