using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Tracking;

/// <summary>One person followed by <see cref="ByteTracker"/>: the motion filter and its lifecycle. Pooled and reused.</summary>
internal sealed class LifecycleTrack(in BoundingBox box)
{
    public KalmanBoxFilter Filter { get; } = new(box);

    /// <summary>0 until confirmed: identities go only to tracks that get reported, so they stay dense.</summary>
    public int Id { get; set; }

    public TrackState State { get; set; }

    /// <summary>Detections matched since the track started, the creating one included.</summary>
    public int Hits { get; set; }

    public double LastMatchedAt { get; set; }
    public float Score { get; set; }

    /// <summary>Matched, or created, by the latest detection run.</summary>
    public bool MatchedLastUpdate { get; set; }

    /// <summary>Reported by the latest detection run, so carried by predictions until the next one.</summary>
    public bool ReportedLastUpdate => MatchedLastUpdate && State == TrackState.Confirmed;

    public void Start(in Detection detection, double timestampSeconds)
    {
        Filter.Reset(detection.Box);
        Id = 0;
        State = TrackState.Tentative;
        Hits = 1;
        LastMatchedAt = timestampSeconds;
        Score = detection.Score;
        MatchedLastUpdate = true;
    }

    public void Match(in Detection detection, double timestampSeconds)
    {
        Filter.Update(detection.Box);
        Hits++;
        LastMatchedAt = timestampSeconds;
        Score = detection.Score;
        MatchedLastUpdate = true;
    }
}
