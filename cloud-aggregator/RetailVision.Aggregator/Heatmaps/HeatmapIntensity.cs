namespace RetailVision.Aggregator.Heatmaps;

/// <summary>
/// Maps person-seconds to 0–255 for the colormap. Dwell is heavy-tailed (a till or a door cell can hold hours while a
/// walkway holds seconds), so the scale tops out at the 99th percentile of the occupied cells rather than the maximum,
/// and a square root lifts the quiet cells so that walking paths stay visible next to the hot spots.
/// </summary>
public static class HeatmapIntensity
{
    public const double ScalePercentile = 0.99;

    /// <summary>Nearest-rank percentile of the positive values; 0 when there are none.</summary>
    public static double PositivePercentile(IReadOnlyList<double> values, double percentile)
    {
        var positive = values.Where(v => v > 0).Order().ToArray();
        if (positive.Length == 0) return 0;
        var rank = (int)Math.Ceiling(percentile * positive.Length);
        return positive[Math.Clamp(rank, 1, positive.Length) - 1];
    }

    /// <summary>sqrt(value / scaleMax), clipped to 1, as 0–255; all zero when <paramref name="scaleMax"/> is 0.</summary>
    public static byte[] ToBytes(IReadOnlyList<double> values, double scaleMax)
    {
        var bytes = new byte[values.Count];
        if (scaleMax <= 0) return bytes;
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)Math.Round(255 * Math.Sqrt(Math.Clamp(values[i] / scaleMax, 0, 1)));
        return bytes;
    }
}
