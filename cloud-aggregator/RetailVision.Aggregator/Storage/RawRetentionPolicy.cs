namespace RetailVision.Aggregator.Storage;

/// <summary>
/// How many whole UTC days of raw events and snapshots each store keeps: a default, and overrides per store (a
/// flagship kept a year, a pilot a week). 0 keeps raw rows forever. Rollups are never aged out.
/// </summary>
public sealed record RawRetentionPolicy(int DefaultDays, IReadOnlyDictionary<string, int> StoreDays)
{
    public static readonly RawRetentionPolicy Forever = new(0, new Dictionary<string, int>());

    public int DaysFor(string storeId) => StoreDays.TryGetValue(storeId, out var days) ? days : DefaultDays;

    /// <summary>The store's cutoff at <paramref name="now"/>: the start of its oldest UTC day wholly kept; null when it keeps everything.</summary>
    public DateTimeOffset? CutoffFor(string storeId, DateTimeOffset now) => Cutoff(DaysFor(storeId), now);

    public RawRetentionCutoffs At(DateTimeOffset now) => new(Cutoff(DefaultDays, now),
        StoreDays.ToDictionary(s => s.Key, s => Cutoff(s.Value, now), StringComparer.Ordinal));

    private static DateTimeOffset? Cutoff(int days, DateTimeOffset now) =>
        days <= 0 ? null : new DateTimeOffset(now.UtcDateTime.Date.AddDays(-days), TimeSpan.Zero);
}

/// <summary>The cutoffs of one retention pass: the default stores' and each overridden store's (null: keep forever).</summary>
public sealed record RawRetentionCutoffs(DateTimeOffset? Default, IReadOnlyDictionary<string, DateTimeOffset?> Stores)
{
    public DateTimeOffset? For(string storeId) => Stores.TryGetValue(storeId, out var cutoff) ? cutoff : Default;

    /// <summary>Before this no store keeps raw rows, so whole day partitions can go; null when some store keeps them forever.</summary>
    public DateTimeOffset? Everyone
    {
        get
        {
            var earliest = Default;
            foreach (var cutoff in Stores.Values)
            {
                if (cutoff is null || earliest is null) return null;
                if (cutoff < earliest) earliest = cutoff;
            }
            return earliest;
        }
    }

    /// <summary>The stores with a retention of their own.</summary>
    public string[] Overridden => [.. Stores.Keys];
}
