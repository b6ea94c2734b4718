using System.Globalization;
using SkiaSharp;

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
    private const int LegendHeight = 10;
    private const float TitleSize = 16;
    private const float SmallTextSize = 12;
    private static readonly SKColor Background = new(24, 28, 32);
    private static readonly SKColor TextColour = new(235, 235, 235);
    private static readonly SKColor Padding = SKColors.Black;

    // Read from the system's fonts (/usr/share/fonts); without any, the captions stay empty and the heatmap is still drawn.
    private static readonly SKTypeface Typeface = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default;

    /// <summary>Cameras in one image; a store with more is drawn one camera at a time.</summary>
    public const int MaxCameras = 16;

    private const int TilesPerRow = 4;

    /// <summary>The size of one camera's heatmap image above its caption: at most <see cref="MaxImageWidth"/> on each side.</summary>
    public static SKSizeI ImageSize(CameraHeatmap heatmap)
    {
        var width = Math.Clamp(heatmap.FrameWidth / 2, MinImageWidth, MaxImageWidth);
        var height = Math.Max(1, (int)Math.Round((double)width * heatmap.FrameHeight / heatmap.FrameWidth));
        if (height <= MaxImageWidth) return new SKSizeI(width, height);
        return new SKSizeI(Math.Max(1, (int)Math.Round((double)MaxImageWidth * heatmap.FrameWidth / heatmap.FrameHeight)), MaxImageWidth);
    }

    /// <summary>One PNG of up to <see cref="MaxCameras"/> cameras, <see cref="TilesPerRow"/> to a row, so its size is bounded whatever the data.</summary>
    public static byte[] Render(IReadOnlyList<CameraHeatmap> cameras)
    {
        if (cameras.Count == 0) throw new ArgumentException("no heatmap to render", nameof(cameras));
        if (cameras.Count > MaxCameras) throw new ArgumentException($"{cameras.Count} cameras are more than the {MaxCameras} one image holds", nameof(cameras));
        // Rows are as tall as their tallest tile and the sheet as wide as its widest row; the space left over stays black.
        var rows = cameras.Chunk(TilesPerRow).Select(row => row.Select(c => (Camera: c, Size: TileSize(c))).ToArray()).ToArray();
        var width = rows.Max(row => row.Sum(t => t.Size.Width) + Gap * (row.Length - 1));
        var height = rows.Sum(row => row.Max(t => t.Size.Height)) + Gap * (rows.Length - 1);

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var canvas = surface.Canvas;
        canvas.Clear(Padding);
        var top = 0;
        foreach (var row in rows)
        {
            var left = 0;
            foreach (var (camera, size) in row)
            {
                DrawTile(canvas, camera, left, top);
                left += size.Width + Gap;
            }
            top += row.Max(t => t.Size.Height) + Gap;
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static SKSizeI TileSize(CameraHeatmap heatmap)
    {
        var image = ImageSize(heatmap);
        return new SKSizeI(image.Width, image.Height + CaptionHeight);
    }

    private static void DrawTile(SKCanvas canvas, CameraHeatmap heatmap, int left, int top)
    {
        var scaleMax = HeatmapIntensity.PositivePercentile(heatmap.CellSeconds, HeatmapIntensity.ScalePercentile);
        var image = ImageSize(heatmap);
        using var background = new SKPaint { Color = Background };
        canvas.DrawRect(SKRect.Create(left, top, image.Width, image.Height + CaptionHeight), background);
        DrawCells(canvas, SKRectI.Create(left, top, image.Width, image.Height),
            HeatmapIntensity.ToBytes(heatmap.CellSeconds, scaleMax), heatmap.Columns, heatmap.Rows);
        DrawCaption(canvas, heatmap, left, top + image.Height, image.Width, scaleMax);
    }

    /// <summary>
    /// Each cell as a solid block of its Inferno colour: a cell is the unit measured, so it is not blurred into its
    /// neighbours. Pixel x shows cell floor(x · columns / width), as a nearest-neighbour enlargement does.
    /// </summary>
    private static void DrawCells(SKCanvas canvas, SKRectI area, byte[] intensities, int columns, int rows)
    {
        using var paint = new SKPaint { IsAntialias = false };
        for (var row = 0; row < rows; row++)
        {
            var y0 = FirstPixel(row, area.Height, rows);
            var y1 = FirstPixel(row + 1, area.Height, rows);
            for (var column = 0; column < columns; column++)
            {
                var x0 = FirstPixel(column, area.Width, columns);
                var x1 = FirstPixel(column + 1, area.Width, columns);
                if (x1 <= x0 || y1 <= y0) continue;
                paint.Color = InfernoColourMap.At(intensities[row * columns + column]);
                canvas.DrawRect(SKRect.Create(area.Left + x0, area.Top + y0, x1 - x0, y1 - y0), paint);
            }
        }
    }

    /// <summary>The first of <paramref name="pixels"/> whose nearest cell (of <paramref name="cells"/>) is <paramref name="cell"/>: ceil(cell · pixels / cells).</summary>
    private static int FirstPixel(int cell, int pixels, int cells) => (int)(((long)cell * pixels + cells - 1) / cells);

    private static void DrawCaption(SKCanvas canvas, CameraHeatmap heatmap, int left, int top, int width, double scaleMax)
    {
        using var title = new SKFont(Typeface, TitleSize);
        using var small = new SKFont(Typeface, SmallTextSize);
        using var text = new SKPaint { Color = TextColour, IsAntialias = true };
        canvas.DrawText(heatmap.CameraId, left + 8, top + 20, SKTextAlign.Left, title, text);
        var summary = string.Create(CultureInfo.InvariantCulture, $"{heatmap.TotalPersonSeconds:0.0} person-s, {heatmap.Snapshots} snapshots");
        if (heatmap.SkippedSnapshots > 0) summary += $", {heatmap.SkippedSnapshots} skipped";
        canvas.DrawText(summary, left + 8, top + 42, SKTextAlign.Left, small, text);
        DrawLegend(canvas, small, text, left, left + width - 8, top + 20, width, scaleMax);
    }

    /// <summary>"0 [colour ramp] top s+" right-aligned on the caption's first line; values above the top share its colour.</summary>
    private static void DrawLegend(SKCanvas canvas, SKFont font, SKPaint text, int tileLeft, int right, int baseline, int tileWidth, double scaleMax)
    {
        var topLabel = string.Create(CultureInfo.InvariantCulture, $"{scaleMax:0.#} s+");
        var topWidth = (int)Math.Ceiling(font.MeasureText(topLabel));
        var zeroWidth = (int)Math.Ceiling(font.MeasureText("0"));
        var barLeft = right - topWidth - 6 - LegendWidth;
        if (barLeft - zeroWidth - 6 - tileLeft < tileWidth / 2) return;

        var ramp = Enumerable.Range(0, LegendWidth).Select(i => (byte)(255 * i / (LegendWidth - 1))).ToArray();
        DrawCells(canvas, SKRectI.Create(barLeft, baseline - LegendHeight, LegendWidth, LegendHeight), ramp, LegendWidth, 1);
        canvas.DrawText("0", barLeft - 6, baseline, SKTextAlign.Right, font, text);
        canvas.DrawText(topLabel, right, baseline, SKTextAlign.Right, font, text);
    }
}
