namespace RetailVision.LoadGenerator.Measurement;

public static class Percentiles
{
    /// <summary>The nearest-rank percentile of sorted values; NaN for none.</summary>
    public static double Of(IReadOnlyList<double> sorted, double percent) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
