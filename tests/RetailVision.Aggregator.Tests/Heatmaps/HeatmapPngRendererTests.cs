using OpenCvSharp;
using RetailVision.Aggregator.Heatmaps;

namespace RetailVision.Aggregator.Tests.Heatmaps;

public sealed class HeatmapPngRendererTests
{
    private static CameraHeatmap Camera(string id, int frameWidth, int frameHeight, double[] cells, int columns, int rows) =>
        new(id, columns, rows, frameWidth, frameHeight, cells, 3, 0, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1));

    [Fact]
    public void Renders_one_camera_at_half_its_frame_size_above_a_caption()
    {
        // A 4×3 grid with one hot cell at the top left and nothing elsewhere.
        var heatmap = Camera("forecourt", 768, 576, [50, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 4, 3);

        var png = HeatmapPngRenderer.Render([heatmap]);

        using var decoded = Cv2.ImDecode(png, ImreadModes.Color);
        Assert.Equal(384, decoded.Width);
        Assert.Equal(288 + HeatmapPngRenderer.CaptionHeight, decoded.Height);
        var hot = decoded.At<Vec3b>(10, 10);
        var cold = decoded.At<Vec3b>(280, 380);
        Assert.True(hot.Item0 + hot.Item1 + hot.Item2 > 3 * 200, $"the hot cell should be bright, was {hot}");
        Assert.True(cold.Item0 + cold.Item1 + cold.Item2 < 3 * 30, $"an empty cell should be dark, was {cold}");
    }

    [Fact]
    public void Tiles_several_cameras_side_by_side()
    {
        var wide = Camera("a", 1280, 720, [1, 2, 3, 4], 2, 2);
        var small = Camera("b", 320, 240, [0, 0, 0, 0], 2, 2);

        using var decoded = Cv2.ImDecode(HeatmapPngRenderer.Render([wide, small]), ImreadModes.Color);

        // 1280×720 → 640×360; 320×240 is below the minimum width, so 320×240.
        Assert.Equal(640 + HeatmapPngRenderer.Gap + 320, decoded.Width);
        Assert.Equal(360 + HeatmapPngRenderer.CaptionHeight, decoded.Height);
    }

    [Fact]
    public void Wraps_more_than_four_cameras_into_rows()
    {
        var cameras = Enumerable.Range(0, 5).Select(i => Camera($"c{i}", 640, 480, [1, 2, 3, 4], 2, 2)).ToList();

        using var decoded = Cv2.ImDecode(HeatmapPngRenderer.Render(cameras), ImreadModes.Color);

        Assert.Equal(4 * 320 + 3 * HeatmapPngRenderer.Gap, decoded.Width);
        Assert.Equal(2 * (240 + HeatmapPngRenderer.CaptionHeight) + HeatmapPngRenderer.Gap, decoded.Height);
    }

    [Theory]
    [InlineData(16384, 2048)]
    [InlineData(2048, 16384)]
    [InlineData(1, 16384)]
    public void An_extreme_frame_is_drawn_within_bounds(int frameWidth, int frameHeight)
    {
        var size = HeatmapPngRenderer.ImageSize(Camera("c", frameWidth, frameHeight, [1], 1, 1));

        Assert.InRange(size.Width, 1, 960);
        Assert.InRange(size.Height, 1, 960);
    }

    [Fact]
    public void Refuses_more_cameras_than_one_image_holds() =>
        Assert.Throws<ArgumentException>(() => HeatmapPngRenderer.Render(
            Enumerable.Range(0, HeatmapPngRenderer.MaxCameras + 1).Select(i => Camera($"c{i}", 64, 48, [1], 1, 1)).ToList()));

    [Fact]
    public void Refuses_to_render_nothing() =>
        Assert.Throws<ArgumentException>(() => HeatmapPngRenderer.Render([]));
}
