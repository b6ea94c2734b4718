using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Tracking;

/// <summary>
/// ByteTrack (Zhang et al. 2022) association over SORT's Kalman filter. High-score detections are matched first to every
/// live track, lost ones included; the low-score detections left over then extend the confirmed tracks still unmatched,
/// which keeps people whose detection confidence dips (partly occluded, blurred) instead of losing them. Tentative
/// tracks die at their first miss; confirmed tracks that miss become lost, unreported, and are dropped after
/// <see cref="TrackerOptions.LostTrackBufferSeconds"/>. Times come from frame timestamps, so it works at any frame rate
/// and with the detector skipping frames. Nothing is allocated per frame once the buffers have grown to the busiest
/// frame seen.
/// </summary>
public sealed class ByteTracker : IPersonTracker
{
    private readonly TrackerOptions _options;
    private readonly IouAssociator _associator = new();
    private LifecycleTrack[] _tracks = new LifecycleTrack[32]; // live tracks, tentative, confirmed and lost
    private int _trackCount;
    private LifecycleTrack[] _spare = new LifecycleTrack[32];  // dead tracks kept for reuse
    private int _spareCount;
    private BoundingBox[] _candidateBoxes = new BoundingBox[32];
    private int[] _candidateTracks = new int[32];
    private bool[] _trackMatched = new bool[32];
    private TrackedPerson[] _reported = new TrackedPerson[32];
    private Detection[] _high = new Detection[64];
    private Detection[] _low = new Detection[64];
    private BoundingBox[] _detectionBoxes = new BoundingBox[64];
    private int[] _candidateOfDetection = new int[64];
    private int _nextId = 1;
    private readonly MotionClock _clock;

    public ByteTracker(TrackerOptions options)
    {
        if (options.Validate() is { } error) throw new ArgumentException(error, nameof(options));
        _options = options;
        _clock = new MotionClock(options.MotionStepSeconds);
    }

    /// <inheritdoc />
    public ReadOnlySpan<TrackedPerson> Update(ReadOnlySpan<Detection> detections, double timestampSeconds)
    {
        AdvanceTo(timestampSeconds);
        var (highCount, lowCount) = SplitByScore(detections);
        GrowTrackBuffers(_trackCount + highCount);
        _trackMatched.AsSpan(0, _trackCount).Clear();

        // Stage 1: confident detections against every live track, so a lost person can be found again.
        var unmatchedHigh = Associate(_high.AsSpan(0, highCount), _options.IouThreshold, includeTentative: true, includeLost: true, timestampSeconds);

        // Stage 2: weak detections only extend confirmed tracks that are still visible; alone they are too often
        // background to revive a lost track or make a tentative one.
        Associate(_low.AsSpan(0, lowCount), _options.LowScoreIouThreshold, includeTentative: false, includeLost: false, timestampSeconds);

        var existing = _trackCount;
        for (var d = 0; d < unmatchedHigh; d++)
            if (_high[d].Score >= _options.NewTrackThreshold) StartTrack(_high[d], timestampSeconds);

        return Report(existing, timestampSeconds);
    }

    /// <inheritdoc />
    public ReadOnlySpan<TrackedPerson> Predict(double timestampSeconds)
    {
        AdvanceTo(timestampSeconds);
        var reported = 0;
        for (var t = 0; t < _trackCount; t++)
        {
            var track = _tracks[t];
            if (track.ReportedLastUpdate) _reported[reported++] = new TrackedPerson(track.Id, track.Filter.Box, track.Score, IsPredicted: true);
        }
        return _reported.AsSpan(0, reported);
    }

    /// <summary>
    /// Matches <paramref name="detections"/> to the unmatched tracks the flags allow and updates those matched. The
    /// detections left unmatched are moved to the front of <paramref name="detections"/>; returns how many there are.
    /// </summary>
    private int Associate(Span<Detection> detections, float iouThreshold, bool includeTentative, bool includeLost, double timestampSeconds)
    {
        var candidates = 0;
        for (var t = 0; t < _trackCount; t++)
        {
            var state = _tracks[t].State;
            if (_trackMatched[t] || (state == TrackState.Tentative && !includeTentative) || (state == TrackState.Lost && !includeLost)) continue;
            _candidateTracks[candidates] = t;
            _candidateBoxes[candidates++] = _tracks[t].Filter.Box;
        }

        var boxes = _detectionBoxes.AsSpan(0, detections.Length);
        for (var d = 0; d < detections.Length; d++) boxes[d] = detections[d].Box;
        var candidateOfDetection = _candidateOfDetection.AsSpan(0, detections.Length);
        _associator.Associate(boxes, _candidateBoxes.AsSpan(0, candidates), iouThreshold, candidateOfDetection);

        // Compacting in place is safe: slot `unmatched` (≤ d) is written only after detection d has been read.
        var unmatched = 0;
        for (var d = 0; d < detections.Length; d++)
        {
            var c = candidateOfDetection[d];
            if (c < 0)
            {
                detections[unmatched++] = detections[d];
                continue;
            }
            var t = _candidateTracks[c];
            _tracks[t].Match(detections[d], timestampSeconds);
            _trackMatched[t] = true;
        }
        return unmatched;
    }

    /// <summary>Applies the lifecycle to the tracks that existed before this update and reports the confirmed ones matched.</summary>
    private ReadOnlySpan<TrackedPerson> Report(int existing, double timestampSeconds)
    {
        var reported = 0;
        var kept = 0;
        for (var t = 0; t < _trackCount; t++)
        {
            var track = _tracks[t];
            if (t < existing && !_trackMatched[t])
            {
                track.MatchedLastUpdate = false;
                if (track.State == TrackState.Tentative || timestampSeconds - track.LastMatchedAt > _options.LostTrackBufferSeconds)
                {
                    _spare[_spareCount++] = track;
                    continue;
                }
                track.State = TrackState.Lost;
            }
            else if (track.State == TrackState.Lost || (track.State == TrackState.Tentative && track.Hits >= _options.MinHits))
            {
                if (track.Id == 0) track.Id = _nextId++;
                track.State = TrackState.Confirmed;
            }

            if (track.ReportedLastUpdate) _reported[reported++] = new TrackedPerson(track.Id, track.Filter.Box, track.Score, IsPredicted: false);
            _tracks[kept++] = track;
        }
        _trackCount = kept;
        return _reported.AsSpan(0, reported);
    }

    /// <summary>Runs every filter forward to the timestamp and drops tracks whose estimate has become invalid.</summary>
    private void AdvanceTo(double timestampSeconds)
    {
        var steps = _clock.StepsTo(timestampSeconds);

        var kept = 0;
        for (var t = 0; t < _trackCount; t++)
        {
            var track = _tracks[t];
            track.Filter.Predict(steps);
            if (track.Filter.Box.IsFinite) _tracks[kept++] = track;
            else _spare[_spareCount++] = track;
        }
        _trackCount = kept;
    }

    private (int High, int Low) SplitByScore(ReadOnlySpan<Detection> detections)
    {
        if (_high.Length < detections.Length)
        {
            var size = Math.Max(detections.Length, 2 * _high.Length);
            _high = new Detection[size];
            _low = new Detection[size];
            _detectionBoxes = new BoundingBox[size];
            _candidateOfDetection = new int[size];
        }
        int high = 0, low = 0;
        foreach (var detection in detections)
        {
            if (detection.Score >= _options.HighScoreThreshold) _high[high++] = detection;
            else if (detection.Score >= _options.LowScoreThreshold) _low[low++] = detection;
        }
        return (high, low);
    }

    private void StartTrack(in Detection detection, double timestampSeconds)
    {
        var track = _spareCount > 0 ? _spare[--_spareCount] : new LifecycleTrack(detection.Box);
        track.Start(detection, timestampSeconds);
        _tracks[_trackCount++] = track;
    }

    /// <summary>Makes room for <paramref name="capacity"/> live tracks in every per-track buffer.</summary>
    private void GrowTrackBuffers(int capacity)
    {
        if (_tracks.Length >= capacity) return;
        var size = Math.Max(capacity, 2 * _tracks.Length);
        Array.Resize(ref _tracks, size);
        Array.Resize(ref _spare, size);
        _candidateBoxes = new BoundingBox[size];
        _candidateTracks = new int[size];
        _trackMatched = new bool[size];
        _reported = new TrackedPerson[size];
    }
}
