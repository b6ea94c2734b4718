using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Tracking;

/// <summary>
/// SORT (Bewley et al. 2016): a Kalman filter per person, IoU association of detections to predicted boxes, new tracks
/// from unmatched detections. Times come from frame timestamps, so the tracker works at any frame rate and with the
/// detector running on only some frames (<see cref="Predict"/> carries people in between). The spans returned are
/// views of an internal buffer, valid until the next call; nothing is allocated per frame once the buffers have grown
/// to the busiest frame seen.
/// </summary>
public sealed class SortTracker : IPersonTracker
{
    private readonly TrackerOptions _options;
    private readonly IouAssociator _associator = new();
    private Track[] _tracks = new Track[32];      // live tracks in creation order, as the reference keeps them
    private int _trackCount;
    private Track[] _spare = new Track[32];       // dead tracks kept for reuse
    private int _spareCount;
    private BoundingBox[] _predictedBoxes = new BoundingBox[32];
    private Detection[] _detections = new Detection[64];
    private BoundingBox[] _detectionBoxes = new BoundingBox[64];
    private int[] _trackOfDetection = new int[64];
    private bool[] _trackMatched = new bool[32];
    private TrackedPerson[] _reported = new TrackedPerson[32];
    private int _updateCount;
    private int _nextId = 1;
    private readonly MotionClock _clock;

    public SortTracker(TrackerOptions options)
    {
        if (options.Validate() is { } error) throw new ArgumentException(error, nameof(options));
        _options = options;
        _clock = new MotionClock(options.MotionStepSeconds);
    }

    /// <summary>
    /// Processes the detections of the frame taken at <paramref name="timestampSeconds"/> and returns the tracks
    /// reported on it.
    /// </summary>
    public ReadOnlySpan<TrackedPerson> Update(ReadOnlySpan<Detection> detections, double timestampSeconds)
    {
        _updateCount++;
        AdvanceTo(timestampSeconds);

        var detectionCount = KeepConfidentDetections(detections);
        GrowTrackBuffers(_trackCount + detectionCount);
        for (var t = 0; t < _trackCount; t++) _predictedBoxes[t] = _tracks[t].Filter.Box;
        var trackOfDetection = _trackOfDetection.AsSpan(0, detectionCount);
        _associator.Associate(_detectionBoxes.AsSpan(0, detectionCount), _predictedBoxes.AsSpan(0, _trackCount), _options.IouThreshold, trackOfDetection);

        var matched = _trackMatched.AsSpan(0, _trackCount);
        matched.Clear();
        for (var d = 0; d < detectionCount; d++)
        {
            var t = trackOfDetection[d];
            if (t < 0) continue;
            _tracks[t].Match(_detections[d], timestampSeconds);
            matched[t] = true;
        }
        for (var t = 0; t < matched.Length; t++)
            if (!matched[t]) _tracks[t].Miss();
        for (var d = 0; d < detectionCount; d++)
            if (trackOfDetection[d] < 0) StartTrack(_detections[d], timestampSeconds);

        var reported = 0;
        var warmingUp = _updateCount <= _options.MinHits; // SORT reports every track during its first min_hits frames
        var kept = 0;
        for (var t = 0; t < _trackCount; t++)
        {
            var track = _tracks[t];
            var qualifies = track.HitStreak >= _options.MinHits || warmingUp;
            track.Confirmed |= track.MatchedLastUpdate && qualifies;
            track.ReportedLastUpdate = track.MatchedLastUpdate && (_options.ReconfirmAfterMiss ? qualifies : track.Confirmed);
            if (track.ReportedLastUpdate) _reported[reported++] = new TrackedPerson(track.Id, track.Filter.Box, track.Score, IsPredicted: false);

            if (timestampSeconds - track.LastMatchedAt > _options.MaxAgeSeconds) _spare[_spareCount++] = track;
            else _tracks[kept++] = track;
        }
        _trackCount = kept;
        return _reported.AsSpan(0, reported);
    }

    /// <summary>
    /// For a frame on which the detector did not run: advances every track to <paramref name="timestampSeconds"/> and
    /// returns the tracks the latest detection run reported, at their predicted boxes.
    /// </summary>
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

    /// <summary>Runs every filter forward to the timestamp and drops tracks whose estimate has become invalid.</summary>
    private void AdvanceTo(double timestampSeconds)
    {
        var steps = _clock.StepsTo(timestampSeconds);

        var kept = 0;
        for (var t = 0; t < _trackCount; t++)
        {
            var track = _tracks[t];
            track.Filter.Predict(steps);
            // SORT drops a track whose box is no longer defined (area or aspect ratio driven negative).
            if (track.Filter.Box.IsFinite) _tracks[kept++] = track;
            else _spare[_spareCount++] = track;
        }
        _trackCount = kept;
    }

    private int KeepConfidentDetections(ReadOnlySpan<Detection> detections)
    {
        if (_detections.Length < detections.Length)
        {
            var size = Math.Max(detections.Length, 2 * _detections.Length);
            _detections = new Detection[size];
            _detectionBoxes = new BoundingBox[size];
            _trackOfDetection = new int[size];
        }
        var count = 0;
        foreach (var detection in detections)
        {
            if (!(detection.Score >= _options.MinDetectionScore)) continue;
            _detections[count] = detection;
            _detectionBoxes[count++] = detection.Box;
        }
        return count;
    }

    private void StartTrack(in Detection detection, double timestampSeconds)
    {
        var track = _spareCount > 0 ? _spare[--_spareCount] : new Track(detection.Box);
        track.Start(_nextId++, detection, timestampSeconds);
        _tracks[_trackCount++] = track;
    }

    /// <summary>Makes room for <paramref name="capacity"/> live tracks in every per-track buffer.</summary>
    private void GrowTrackBuffers(int capacity)
    {
        if (_tracks.Length >= capacity) return;
        var size = Math.Max(capacity, 2 * _tracks.Length);
        Array.Resize(ref _tracks, size);
        Array.Resize(ref _spare, size);
        _predictedBoxes = new BoundingBox[size];
        _trackMatched = new bool[size];
        _reported = new TrackedPerson[size];
    }
}
