using System.Globalization;
using OpenCvSharp;

namespace RetailVision.Aggregator.Heatmaps;

/// <summary>
/// Draws summed heatmaps as one PNG: per camera, the grid coloured with Inferno (perceptually uniform, dark = empty),
/// enlarged to half the camera's frame size, over a caption with the camera, total person-seconds and a colour legend.
/// Several cameras are tiled side by side.
/// </summary>
public static class HeatmapPngRenderer
{
    public const int CaptionHeight = 52;
    public const int Gap = 8;
    private const int MinImageWidth = 320;
    private const int MaxImageWidth = 960;
    private const int LegendWidth = 100;
    private const double SmallText = 0.4;
    private const HersheyFonts Font = HersheyFonts.HersheySimplex;
    private static readonly Scalar Background = new(32, 28, 24);
    private static readonly Scalar TextColour = new(235, 235, 235);

    /// <summary>Cameras in one image; a store with more is drawn one camera at a time.</summary>
    public const int MaxCameras = 16;

    private const int TilesPerRow = 4;

    /// <summary>The size of one camera's heatmap image above its caption: at most <see cref="MaxImageWidth"/> on each side.</summary>
    public static Size ImageSize(CameraHeatmap heatmap)
    {
        var width = Math.Clamp(heatmap.FrameWidth / 2, MinImageWidth, MaxImageWidth);
        var height = Math.Max(1, (int)Math.Round((double)width * heatmap.FrameHeight / heatmap.FrameWidth));
        if (height <= MaxImageWidth) return new Size(width, height);
        return new Size(Math.Max(1, (int)Math.Round((double)MaxImageWidth * heatmap.FrameWidth / heatmap.FrameHeight)), MaxImageWidth);
    }

    /// <summary>One PNG of up to <see cref="MaxCameras"/> cameras, <see cref="TilesPerRow"/> to a row, so its size is bounded whatever the data.</summary>
    public static byte[] Render(IReadOnlyList<CameraHeatmap> cameras)
    {
        if (cameras.Count == 0) throw new ArgumentException("no heatmap to render", nameof(cameras));
        if (cameras.Count > MaxCameras) throw new ArgumentException($"{cameras.Count} cameras are more than the {MaxCameras} one image holds", nameof(cameras));
        var tiles = new List<Mat>(cameras.Count);
        try
        {
            foreach (var camera in cameras) tiles.Add(RenderTile(camera));
            using var sheet = Grid(tiles);
            return sheet.ImEncode(".png");
        }
        finally
        {
            foreach (var tile in tiles) tile.Dispose();
        }
    }

    private static Mat RenderTile(CameraHeatmap heatmap)
    {
        var scaleMax = HeatmapIntensity.PositivePercentile(heatmap.CellSeconds, HeatmapIntensity.ScalePercentile);
        using var grid = new Mat(heatmap.Rows, heatmap.Columns, MatType.CV_8UC1);
        grid.SetArray(HeatmapIntensity.ToBytes(heatmap.CellSeconds, scaleMax));
        using var coloured = new Mat();
        Cv2.ApplyColorMap(grid, coloured, ColormapTypes.Inferno);

        var size = ImageSize(heatmap);
        using var enlarged = new Mat();
        // Nearest neighbour: a cell is the unit measured, so it is drawn as a block rather than blurred into its neighbours.
        Cv2.Resize(coloured, enlarged, size, 0, 0, InterpolationFlags.Nearest);

        var tile = new Mat(size.Height + CaptionHeight, size.Width, MatType.CV_8UC3, Background);
        using (var imageArea = tile[new Rect(0, 0, size.Width, size.Height)])
            enlarged.CopyTo(imageArea);
        DrawCaption(tile, heatmap, size, scaleMax);
        return tile;
    }

    private static void DrawCaption(Mat tile, CameraHeatmap heatmap, Size image, double scaleMax)
    {
        var top = image.Height;
        tile.PutText(heatmap.CameraId, new Point(8, top + 20), Font, 0.55, TextColour, 1, LineTypes.AntiAlias);
        var summary = string.Create(CultureInfo.InvariantCulture, $"{heatmap.TotalPersonSeconds:0.0} person-s, {heatmap.Snapshots} snapshots");
        if (heatmap.SkippedSnapshots > 0) summary += $", {heatmap.SkippedSnapshots} skipped";
        tile.PutText(summary, new Point(8, top + 42), Font, SmallText, TextColour, 1, LineTypes.AntiAlias);
        DrawLegend(tile, image.Width - 8, top + 20, scaleMax);
    }

    /// <summary>"0 [colour ramp] top s+" right-aligned on the caption's first line; values above the top share its colour.</summary>
    private static void DrawLegend(Mat tile, int right, int baseline, double scaleMax)
    {
        var topLabel = string.Create(CultureInfo.InvariantCulture, $"{scaleMax:0.#} s+");
        var topSize = Cv2.GetTextSize(topLabel, Font, SmallText, 1, out _);
        var zeroSize = Cv2.GetTextSize("0", Font, SmallText, 1, out _);
        var barLeft = right - topSize.Width - 6 - LegendWidth;
        if (barLeft - zeroSize.Width - 6 < tile.Width / 2) return;

        using var ramp = new Mat(1, LegendWidth, MatType.CV_8UC1);
        ramp.SetArray(Enumerable.Range(0, LegendWidth).Select(i => (byte)(255 * i / (LegendWidth - 1))).ToArray());
        using var colouredRamp = new Mat();
        Cv2.ApplyColorMap(ramp, colouredRamp, ColormapTypes.Inferno);
        using var bar = new Mat();
        Cv2.Resize(colouredRamp, bar, new Size(LegendWidth, 10), 0, 0, InterpolationFlags.Nearest);
        using (var barArea = tile[new Rect(barLeft, baseline - 10, LegendWidth, 10)])
            bar.CopyTo(barArea);
        tile.PutText("0", new Point(barLeft - 6 - zeroSize.Width, baseline), Font, SmallText, TextColour, 1, LineTypes.AntiAlias);
        tile.PutText(topLabel, new Point(right - topSize.Width, baseline), Font, SmallText, TextColour, 1, LineTypes.AntiAlias);
    }

    private static Mat Grid(IReadOnlyList<Mat> tiles)
    {
        if (tiles.Count == 1) return tiles[0].Clone();
        var rows = new List<Mat>();
        try
        {
            foreach (var row in tiles.Chunk(TilesPerRow)) rows.Add(Join(row, horizontal: true));
            return Join(rows, horizontal: false);
        }
        finally
        {
            foreach (var row in rows) row.Dispose();
        }
    }

    /// <summary>Side by side (or one above the other) with a gap, each padded to the largest height (or width).</summary>
    private static Mat Join(IReadOnlyList<Mat> mats, bool horizontal)
    {
        if (mats.Count == 1) return mats[0].Clone();
        var across = horizontal ? mats.Max(t => t.Rows) : mats.Max(t => t.Cols);
        var padded = new List<Mat>(mats.Count);
        try
        {
            for (var i = 0; i < mats.Count; i++)
            {
                var gap = i < mats.Count - 1 ? Gap : 0;
                padded.Add(horizontal
                    ? mats[i].CopyMakeBorder(0, across - mats[i].Rows, 0, gap, BorderTypes.Constant, new Scalar(0, 0, 0))
                    : mats[i].CopyMakeBorder(0, gap, 0, across - mats[i].Cols, BorderTypes.Constant, new Scalar(0, 0, 0)));
            }
            var sheet = new Mat();
            if (horizontal) Cv2.HConcat(padded, sheet);
            else Cv2.VConcat(padded, sheet);
            return sheet;
        }
        finally
        {
            foreach (var mat in padded) mat.Dispose();
        }
    }
}
