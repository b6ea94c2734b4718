using System.Runtime.InteropServices;

namespace RetailVision.Aggregator.Kpis;

/// <summary>
/// Completed visits counted by dwell: 0.5 s bins up to 10 min, 10 s bins up to 2 h, one bin beyond. Quantiles read off
/// it are within 0.25 s of the exact value below 10 minutes (the midpoint of a 0.5 s bin), which is where dwell is
/// decided. Sparse: an hour of a zone holds only the bins its visits fell in. Immutable; <see cref="Add"/> returns a new one.
/// </summary>
public sealed record DwellHistogram(IReadOnlyDictionary<int, long> Counts)
{
    public const double FineWidth = 0.5;
    public const double FineLimit = 600;
    public const double CoarseWidth = 10;
    public const double CoarseLimit = 7_200;
    private const int FineBins = (int)(FineLimit / FineWidth);
    private const int CoarseBins = (int)((CoarseLimit - FineLimit) / CoarseWidth);

    public static DwellHistogram Empty { get; } = new(new Dictionary<int, long>());

    public long Total => Counts.Values.Sum();

    public static int BinOf(double dwellSeconds)
    {
        var seconds = Math.Max(0, dwellSeconds);
        if (seconds < FineLimit) return (int)(seconds / FineWidth);
        if (seconds < CoarseLimit) return FineBins + (int)((seconds - FineLimit) / CoarseWidth);
        return FineBins + CoarseBins;
    }

    /// <summary>The middle of a bin; the last, open bin is represented by its lower edge.</summary>
    public static double MidpointOf(int bin) => bin switch
    {
        < FineBins => (bin + 0.5) * FineWidth,
        < FineBins + CoarseBins => FineLimit + (bin - FineBins + 0.5) * CoarseWidth,
        _ => CoarseLimit,
    };

    public DwellHistogram Add(double dwellSeconds) => Merge(new Dictionary<int, long> { [BinOf(dwellSeconds)] = 1 });

    public DwellHistogram Add(DwellHistogram other) => Merge(other.Counts);

    /// <summary>The bin-by-bin sum of many histograms in one pass (folding with <see cref="Add(DwellHistogram)"/> copies the bins at every step).</summary>
    public static DwellHistogram Sum(IEnumerable<DwellHistogram> histograms)
    {
        var counts = new Dictionary<int, long>();
        foreach (var histogram in histograms)
        foreach (var (bin, count) in histogram.Counts)
            CollectionsMarshal.GetValueRefOrAddDefault(counts, bin, out _) += count;
        return new DwellHistogram(counts);
    }

    /// <summary>
    /// The q-quantile of the bins' midpoints, between the two middle ranks when q falls between them (so the median of
    /// an even count is the mean of its two middle values). Null when empty.
    /// </summary>
    public double? Quantile(double q)
    {
        var total = Total;
        if (total == 0) return null;
        var position = q * (total - 1);
        var lower = (long)Math.Floor(position);
        var upper = (long)Math.Ceiling(position);
        return (ValueAt(lower) + ValueAt(upper)) / 2;
    }

    private double ValueAt(long rank)
    {
        long seen = 0;
        foreach (var (bin, count) in Counts.OrderBy(c => c.Key))
        {
            seen += count;
            if (rank < seen) return MidpointOf(bin);
        }
        return MidpointOf(Counts.Keys.Max());
    }

    private DwellHistogram Merge(IReadOnlyDictionary<int, long> more)
    {
        var counts = new Dictionary<int, long>(Counts);
        foreach (var (bin, count) in more) counts[bin] = counts.GetValueOrDefault(bin) + count;
        return new DwellHistogram(counts);
    }
}
