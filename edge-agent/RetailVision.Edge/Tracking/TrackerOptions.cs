namespace RetailVision.Edge.Tracking;

/// <summary>
/// Settings of <see cref="ByteTracker"/> and <see cref="SortTracker"/>. Times are seconds of stream time. The shared
/// defaults were chosen on MOT15 TUD-Campus, TUD-Stadtmitte and PETS09-S2L1 (frames 1–400) with Faster R-CNN
/// detections, detecting on every frame and on every 3rd and 5th: IDF1 and MOTA were flat for MaxAgeSeconds 1.5–2.5; IoU 0.2 matched 0.3 at full detection
/// rate and beat it when detecting less often; a 0.1 s motion step beat SORT's per-frame step on PETS09 (7 fps) and
/// tied on TUD (25 fps). The ByteTrack defaults were chosen on our own NanoDet detections (score ≥ 0.1) of PETS09-S2L1
/// frames 1–400 at 10 fps and checked on the Faster R-CNN sets: starting tracks only from detections ≥ 0.7 cut the
/// false tracks the low threshold lets through (0.6: MOTA −0.02, 0.8: −0.08); low-score detections need IoU 0.25–0.3
/// with a track (0.2 lets them drag tracks onto neighbours, MOTA −0.1; 0.35 and above costs IDF1 0.1); the lost buffer
/// made no difference between 1 and 4 s there, so it is set by the shelf case: a standing person missed for 2 s keeps
/// the identity.
/// </summary>
public sealed record TrackerOptions
{
    /// <summary>The algorithm <see cref="PersonTrackerFactory"/> builds. The ByteTrack-only settings below do not affect SORT.</summary>
    public TrackerMode Mode { get; init; } = TrackerMode.ByteTrack;

    /// <summary>ByteTrack: detections at or above this are matched first, to every live track, and may start tracks.</summary>
    public float HighScoreThreshold { get; init; } = 0.5f;

    /// <summary>ByteTrack: detections below this are ignored; those between it and HighScoreThreshold only extend tracks.</summary>
    public float LowScoreThreshold { get; init; } = 0.1f;

    /// <summary>ByteTrack: an unmatched high-score detection starts a track only at or above this score.</summary>
    public float NewTrackThreshold { get; init; } = 0.7f;

    /// <summary>
    /// ByteTrack: the overlap a low-score detection needs with a still-unmatched confirmed track. Stricter than
    /// IouThreshold, as in the paper: a weak detection that only grazes the prediction is more often a neighbour.
    /// </summary>
    public float LowScoreIouThreshold { get; init; } = 0.3f;

    /// <summary>ByteTrack: how long a lost track waits to be found again before its identity is gone.</summary>
    public double LostTrackBufferSeconds { get; init; } = 3.0;

    /// <summary>A detection and a track's predicted box below this overlap are never paired (ByteTrack: its first stage).</summary>
    public float IouThreshold { get; init; } = 0.2f;

    /// <summary>Matched detections before a new track is reported (SORT's min_hits: in a row; ByteTrack: before its first miss).</summary>
    public int MinHits { get; init; } = 3;

    /// <summary>SORT: a track not matched to any detection for longer than this is dropped and its identity is gone.</summary>
    public double MaxAgeSeconds { get; init; } = 2.0;

    /// <summary>SORT: detections scored below this are ignored (ByteTrack uses LowScoreThreshold).</summary>
    public float MinDetectionScore { get; init; } = 0.5f;

    /// <summary>
    /// The time one step of SORT's motion model stands for (SORT: one video frame). Its noise settings are per step;
    /// a gap of t seconds advances the model t / MotionStepSeconds steps, so they mean the same at any frame or
    /// detection rate.
    /// </summary>
    public double MotionStepSeconds { get; init; } = 0.1;

    /// <summary>
    /// SORT only. SORT's rule: after a missed detection a track is reported again only once it has been matched MinHits
    /// times in a row. Off (the product), a track confirmed once is reported whenever a detection matches it.
    /// </summary>
    public bool ReconfirmAfterMiss { get; init; }

    /// <summary>The product setting: ByteTrack; identities survive detector misses and occlusions of up to three seconds.</summary>
    public static TrackerOptions Default { get; } = new();

    /// <summary>
    /// abewley/sort as published (max_age 1 frame, min_hits 3, IoU 0.3, one motion step per frame, every detection
    /// used), for a stream of <paramref name="framesPerSecond"/> with a detection on every frame.
    /// </summary>
    public static TrackerOptions Sort(double framesPerSecond) => new()
    {
        IouThreshold = 0.3f,
        // max_age = 1 frame: a track survives one missed frame and is dropped at the second. A limit halfway between
        // keeps exactly that in seconds, whatever the rounding of the frame timestamps.
        MaxAgeSeconds = 1.5 / framesPerSecond,
        MotionStepSeconds = 1 / framesPerSecond,
        MinDetectionScore = 0,
        ReconfirmAfterMiss = true,
        Mode = TrackerMode.Sort,
    };

    /// <summary>Why these options cannot drive a tracker, or null when they can.</summary>
    public string? Validate()
    {
        if (!(IouThreshold is >= 0 and <= 1)) return $"IouThreshold {IouThreshold} is not within 0..1";
        if (MinHits < 0) return $"MinHits {MinHits} is negative";
        if (!(MaxAgeSeconds >= 0) || double.IsInfinity(MaxAgeSeconds)) return $"MaxAgeSeconds {MaxAgeSeconds} is not a finite non-negative time";
        if (!(MotionStepSeconds > 0) || double.IsInfinity(MotionStepSeconds)) return $"MotionStepSeconds {MotionStepSeconds} is not a finite positive time";
        if (float.IsNaN(MinDetectionScore)) return "MinDetectionScore is not a number";
        if (!Enum.IsDefined(Mode)) return $"Mode {Mode} is not ByteTrack or Sort";
        if (!(LowScoreThreshold <= HighScoreThreshold)) return $"LowScoreThreshold {LowScoreThreshold} is above HighScoreThreshold {HighScoreThreshold}";
        if (float.IsNaN(NewTrackThreshold)) return "NewTrackThreshold is not a number";
        if (!(LowScoreIouThreshold is >= 0 and <= 1)) return $"LowScoreIouThreshold {LowScoreIouThreshold} is not within 0..1";
        if (!(LostTrackBufferSeconds >= 0) || double.IsInfinity(LostTrackBufferSeconds)) return $"LostTrackBufferSeconds {LostTrackBufferSeconds} is not a finite non-negative time";
        return null;
    }
}
