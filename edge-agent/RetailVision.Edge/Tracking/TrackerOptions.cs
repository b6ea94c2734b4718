namespace RetailVision.Edge.Tracking;

/// <summary>
/// Settings of <see cref="SortTracker"/>. Times are seconds of stream time. The defaults were chosen on MOT15
/// TUD-Campus, TUD-Stadtmitte and PETS09-S2L1 (frames 1–400) with Faster R-CNN detections, detecting on every frame
/// and on every 3rd and 5th: IDF1 and MOTA were flat for MaxAgeSeconds 1.5–2.5; IoU 0.2 matched 0.3 at full detection
/// rate and beat it when detecting less often; a 0.1 s motion step beat SORT's per-frame step on PETS09 (7 fps) and
/// tied on TUD (25 fps).
/// </summary>
public sealed record TrackerOptions
{
    /// <summary>A detection and a track's predicted box below this overlap are never paired.</summary>
    public float IouThreshold { get; init; } = 0.2f;

    /// <summary>Consecutive matched detections before a new track is reported (SORT's min_hits).</summary>
    public int MinHits { get; init; } = 3;

    /// <summary>A track not matched to any detection for longer than this is dropped and its identity is gone.</summary>
    public double MaxAgeSeconds { get; init; } = 2.0;

    /// <summary>Detections scored below this are ignored.</summary>
    public float MinDetectionScore { get; init; } = 0.5f;

    /// <summary>
    /// The time one step of SORT's motion model stands for (SORT: one video frame). Its noise settings are per step;
    /// a gap of t seconds advances the model t / MotionStepSeconds steps, so they mean the same at any frame or
    /// detection rate.
    /// </summary>
    public double MotionStepSeconds { get; init; } = 0.1;

    /// <summary>
    /// SORT's rule: after a missed detection a track is reported again only once it has been matched MinHits times in
    /// a row. Off (the product), a track confirmed once is reported whenever a detection matches it.
    /// </summary>
    public bool ReconfirmAfterMiss { get; init; }

    /// <summary>The product setting: identities survive detector misses and occlusions of up to two seconds.</summary>
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
    };

    /// <summary>Why these options cannot drive a tracker, or null when they can.</summary>
    public string? Validate()
    {
        if (!(IouThreshold is >= 0 and <= 1)) return $"IouThreshold {IouThreshold} is not within 0..1";
        if (MinHits < 0) return $"MinHits {MinHits} is negative";
        if (!(MaxAgeSeconds >= 0) || double.IsInfinity(MaxAgeSeconds)) return $"MaxAgeSeconds {MaxAgeSeconds} is not a finite non-negative time";
        if (!(MotionStepSeconds > 0) || double.IsInfinity(MotionStepSeconds)) return $"MotionStepSeconds {MotionStepSeconds} is not a finite positive time";
        if (float.IsNaN(MinDetectionScore)) return "MinDetectionScore is not a number";
        return null;
    }
}
