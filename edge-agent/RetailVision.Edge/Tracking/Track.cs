using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Tracking;

/// <summary>One person followed by <see cref="SortTracker"/>: the motion filter and SORT's bookkeeping. Pooled and reused.</summary>
internal sealed class Track(in BoundingBox box)
{
    public KalmanBoxFilter Filter { get; } = new(box);
    public int Id { get; set; }

    /// <summary>Consecutive detection runs that matched this track (SORT's hit_streak; the creating detection not counted).</summary>
    public int HitStreak { get; set; }

    public double LastMatchedAt { get; set; }
    public float Score { get; set; }

    /// <summary>Matched, or created, by the latest detection run.</summary>
    public bool MatchedLastUpdate { get; set; }

    /// <summary>Reported by the latest detection run.</summary>
    public bool ReportedLastUpdate { get; set; }

    /// <summary>Has qualified for reporting once (MinHits matches in a row, or the stream's first MinHits frames).</summary>
    public bool Confirmed { get; set; }

    public void Start(int id, in Detection detection, double timestampSeconds)
    {
        Filter.Reset(detection.Box);
        Id = id;
        HitStreak = 0;
        LastMatchedAt = timestampSeconds;
        Score = detection.Score;
        MatchedLastUpdate = true;
        ReportedLastUpdate = false;
        Confirmed = false;
    }

    public void Match(in Detection detection, double timestampSeconds)
    {
        Filter.Update(detection.Box);
        HitStreak++;
        LastMatchedAt = timestampSeconds;
        Score = detection.Score;
        MatchedLastUpdate = true;
    }

    public void Miss()
    {
        // SORT zeroes hit_streak at the next predict after a miss; nothing reads it in between, so zero it now.
        HitStreak = 0;
        MatchedLastUpdate = false;
    }
}
