using RetailVision.Aggregator.Heatmaps;
using SkiaSharp;

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

        using var decoded = SKBitmap.Decode(png);
        Assert.Equal(384, decoded.Width);
        Assert.Equal(288 + HeatmapPngRenderer.CaptionHeight, decoded.Height);
        var hot = decoded.GetPixel(10, 10);
        var cold = decoded.GetPixel(380, 280);
        Assert.True(hot.Red + hot.Green + hot.Blue > 3 * 200, $"the hot cell should be bright, was {hot}");
        Assert.True(cold.Red + cold.Green + cold.Blue < 3 * 30, $"an empty cell should be dark, was {cold}");
    }

    [Fact]
    public void Colours_each_pixel_of_a_known_grid_as_opencv_inferno_enlarged_by_nearest_neighbour()
    {
        // Seconds chosen so that sqrt(seconds / 100) · 255 rounds to 0, 128, 255 over 64, 192, 32.
        var heatmap = Camera("grid", 640, 480, [0, 25.1, 100, 6.3, 56.7, 1.575], 3, 2);
        // What OpenCV 4.13's applyColorMap(COLORMAP_INFERNO) gave for those intensities, as RRGGBB.
        uint[] expected = [0x000004, 0xBC3754, 0xFCFFA4, 0x57106E, 0xF98E09, 0x210C4A];

        using var decoded = SKBitmap.Decode(HeatmapPngRenderer.Render([heatmap]));

        // 640×480 → 320×240; OpenCV's nearest-neighbour resize shows cell floor(x · 3 / 320), floor(y · 2 / 240) at (x, y).
        Assert.Equal(320, decoded.Width);
        for (var y = 0; y < 240; y++)
        for (var x = 0; x < 320; x++)
        {
            var pixel = decoded.GetPixel(x, y);
            var want = expected[y * 2 / 240 * 3 + x * 3 / 320];
            Assert.True(((uint)pixel & 0xFFFFFF) == want, $"pixel ({x}, {y}) is {pixel}, OpenCV drew #{want:X6}");
        }
    }

    [Fact]
    public void Tiles_several_cameras_side_by_side()
    {
        var wide = Camera("a", 1280, 720, [1, 2, 3, 4], 2, 2);
        var small = Camera("b", 320, 240, [0, 0, 0, 0], 2, 2);

        using var decoded = SKBitmap.Decode(HeatmapPngRenderer.Render([wide, small]));

        // 1280×720 → 640×360; 320×240 is below the minimum width, so 320×240.
        Assert.Equal(640 + HeatmapPngRenderer.Gap + 320, decoded.Width);
        Assert.Equal(360 + HeatmapPngRenderer.CaptionHeight, decoded.Height);
    }

    [Fact]
    public void Wraps_more_than_four_cameras_into_rows()
    {
        var cameras = Enumerable.Range(0, 5).Select(i => Camera($"c{i}", 640, 480, [1, 2, 3, 4], 2, 2)).ToList();

        using var decoded = SKBitmap.Decode(HeatmapPngRenderer.Render(cameras));

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
