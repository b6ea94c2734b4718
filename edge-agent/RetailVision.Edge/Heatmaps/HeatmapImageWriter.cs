using OpenCvSharp;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Heatmaps;

/// <summary>
/// Renders an occupancy grid over a camera frame: colour shows person-seconds per cell (square-root scaled so a few
/// long stays do not wash out everything else), blended over the frame, with the zones outlined and the total in a caption.
/// </summary>
public static class HeatmapImageWriter
{
    public static void Write(string path, ReadOnlySpan<float> cells, int columns, int rows, Mat background, IReadOnlyList<Zone> zones)
    {
        var max = 0f;
        var total = 0.0;
        foreach (var v in cells)
        {
            max = MathF.Max(max, v);
            total += v;
        }
        using var grid = new Mat(rows, columns, MatType.CV_8UC1);
        for (var r = 0; r < rows; r++)
        for (var c = 0; c < columns; c++)
            grid.Set(r, c, (byte)(max > 0 ? Math.Round(255 * MathF.Sqrt(cells[r * columns + c] / max)) : 0));

        using var upscaled = new Mat();
        Cv2.Resize(grid, upscaled, background.Size(), 0, 0, InterpolationFlags.Cubic);
        using var coloured = new Mat();
        Cv2.ApplyColorMap(upscaled, coloured, ColormapTypes.Inferno);
        using var blended = new Mat();
        Cv2.AddWeighted(background, 0.45, coloured, 0.55, 0, blended);
        foreach (var zone in zones)
        {
            var outline = new Point[zone.Polygon.Length];
            for (var i = 0; i < outline.Length; i++) outline[i] = new Point((int)zone.Polygon[i].X, (int)zone.Polygon[i].Y);
            Cv2.Polylines(blended, [outline], isClosed: true, Scalar.Cyan, 2, LineTypes.AntiAlias);
            Cv2.PutText(blended, zone.Id, outline[0] + new Point(4, 16), HersheyFonts.HersheySimplex, 0.5, Scalar.Cyan, 1, LineTypes.AntiAlias);
        }
        Cv2.PutText(blended, $"{total:0} person-seconds, max {max:0.0} s per cell", new Point(10, 24),
            HersheyFonts.HersheySimplex, 0.6, Scalar.White, 2, LineTypes.AntiAlias);
        if (!Cv2.ImWrite(path, blended)) throw new IOException($"could not write heatmap image {path}");
    }
}
