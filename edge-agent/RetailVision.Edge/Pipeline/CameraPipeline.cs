using System.Diagnostics;
using OpenCvSharp;
using RetailVision.Edge.Delivery;
using RetailVision.Edge.Diagnostics;
using RetailVision.Edge.Events;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Heatmaps;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Motion;
using RetailVision.Edge.Tracking;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Pipeline;

/// <summary>Called with the tracks the pipeline reports for a frame (1-based frame number).</summary>
public delegate void TracksObserved(int frameNumber, ReadOnlySpan<TrackedPerson> tracks);

/// <summary>
/// One camera's path from frame to events: detect (at the configured rate, unless the image is still) → track →
/// zones, counting lines and queues → heatmap → sink. Everything per frame runs on preallocated state; only events
/// leave as new objects. Each stage's time goes to <see cref="Timings"/>.
/// </summary>
public sealed class CameraPipeline
{
    private readonly IPersonDetector _detector;
    private readonly MotionDetector? _motion;
    private readonly IPersonTracker _tracker;
    private readonly ZoneVisitTracker _zones;
    private readonly LineCrossingCounter _lines;
    private readonly QueueMonitor _queues;
    private readonly ZoneOccupancySeries _occupancy;
    private readonly List<ZoneOccupancyBucket> _closedBuckets = new(16);
    private readonly DwellClassifier _classifier = new();
    private readonly Dictionary<string, Zone> _zonesById;
    private readonly OccupancyHeatmap _period;
    private readonly OccupancyHeatmap _total;
    private readonly DecisionPointEventFactory _events;
    private readonly IEventSink _sink;
    private readonly CameraPipelineSettings _settings;
    private readonly Detection[] _detections;
    private int _detectionCount;
    private double _lastDetectAt = double.NegativeInfinity;
    private readonly List<ZoneTransition> _transitions = new(64);
    private readonly List<LineCrossing> _crossings = new(16);
    private readonly List<QueueWait> _waits = new(16);
    private double _nextDetectAt;
    private double _lastTimestamp = double.NaN;
    private double _periodStart;

    public CameraPipeline(CameraPipelineSettings settings, IPersonDetector detector, IEventSink sink, StageTimings? timings = null)
    {
        _settings = settings;
        _detector = detector;
        _sink = sink;
        Timings = timings ?? new StageTimings();
        if (settings.MotionGate is { } gate) _motion = new MotionDetector(gate);
        _tracker = PersonTrackerFactory.Create(settings.Tracker);
        _zones = new ZoneVisitTracker(settings.Zones);
        _lines = new LineCrossingCounter(settings.Lines);
        _queues = new QueueMonitor(settings.Zones);
        _occupancy = new ZoneOccupancySeries(settings.Zones, settings.OccupancyBucketSeconds);
        _zonesById = settings.Zones.ToDictionary(z => z.Id);
        _period = new OccupancyHeatmap(settings.FrameWidth, settings.FrameHeight, settings.Heatmap.Columns, settings.Heatmap.Rows);
        _total = new OccupancyHeatmap(settings.FrameWidth, settings.FrameHeight, settings.Heatmap.Columns, settings.Heatmap.Rows);
        _events = new DecisionPointEventFactory(settings.StoreId, settings.CameraId, settings.StreamStart);
        _detections = new Detection[settings.MaxDetections];
    }

    /// <summary>Receives each frame's reported tracks (for the MOTChallenge tracks file).</summary>
    public TracksObserved? OnTracks { get; init; }

    /// <summary>Receives each closed occupancy bucket of each zone (people present over time; a queue zone's is its length).</summary>
    public Action<ZoneOccupancyBucket>? OnOccupancyBucket { get; init; }

    /// <summary>Occupancy since the pipeline started (person-seconds per cell).</summary>
    public OccupancyHeatmap TotalHeatmap => _total;

    /// <summary>Time spent per stage; detection stages are recorded by the detector given the same timings.</summary>
    public StageTimings Timings { get; }

    public int FramesProcessed { get; private set; }
    public int DetectionsRun { get; private set; }

    /// <summary>Detector runs skipped because the image had not changed since the last one.</summary>
    public int DetectionsSkippedStill { get; private set; }
    public int EventsPublished { get; private set; }

    /// <summary>Runs one frame taken at <paramref name="timestampSeconds"/> (stream-relative, from the source).</summary>
    public void Process(Mat frame, double timestampSeconds)
    {
        ReadOnlySpan<TrackedPerson> tracks;
        var start = Stopwatch.GetTimestamp();
        if (_settings.DetectFps <= 0 || timestampSeconds >= _nextDetectAt)
        {
            if (!IsStill(frame, timestampSeconds))
            {
                _detectionCount = _detector.Detect(frame, _detections);
                ToSourcePixels(frame);
                _lastDetectAt = timestampSeconds;
                _motion?.AcceptAsReference();
                DetectionsRun++;
            }
            else
            {
                DetectionsSkippedStill++;
            }
            start = Stopwatch.GetTimestamp();
            // A still image keeps its people: the last detections stand for this frame too.
            tracks = _tracker.Update(_detections.AsSpan(0, _detectionCount), timestampSeconds);
            if (_settings.DetectFps > 0)
                _nextDetectAt = Math.Max(_nextDetectAt + 1 / _settings.DetectFps, timestampSeconds);
        }
        else
        {
            tracks = _tracker.Predict(timestampSeconds);
        }
        FramesProcessed++;
        OnTracks?.Invoke(FramesProcessed + _settings.FirstFrameNumber - 1, tracks);
        var tracked = Stopwatch.GetTimestamp();
        Timings.Record(PipelineStage.Track, tracked - start);

        _zones.Update(tracks, timestampSeconds, _transitions);
        _occupancy.Record(_zones, timestampSeconds, _closedBuckets);
        _queues.Update(tracks, timestampSeconds, _waits);
        _lines.Update(tracks, timestampSeconds, _crossings);
        var zoned = Stopwatch.GetTimestamp();
        Timings.Record(PipelineStage.Zones, zoned - tracked);
        PublishDecisionPoints();

        // A frame stands for the time until the next one; the first frame for one nominal frame interval.
        var dt = double.IsNaN(_lastTimestamp) ? 1 / _settings.FramesPerSecond : timestampSeconds - _lastTimestamp;
        if (double.IsNaN(_lastTimestamp)) _periodStart = timestampSeconds;
        _lastTimestamp = timestampSeconds;
        _period.Accumulate(tracks, Math.Max(0, dt));
        if (timestampSeconds - _periodStart >= _settings.Heatmap.PublishIntervalSeconds)
            ClosePeriod(timestampSeconds);
        Timings.RecordSince(PipelineStage.Publish, zoned);
    }

    // A decoder that scaled the frame down (to the detector's input) leaves boxes in its pixels; zones use the source's.
    private void ToSourcePixels(Mat frame)
    {
        if (frame.Width == _settings.FrameWidth && frame.Height == _settings.FrameHeight) return;
        var sx = (float)_settings.FrameWidth / frame.Width;
        var sy = (float)_settings.FrameHeight / frame.Height;
        for (var i = 0; i < _detectionCount; i++)
            _detections[i] = _detections[i] with { Box = _detections[i].Box.Scaled(sx, sy) };
    }

    // Still when motion gating is on, a detection ran recently enough, and too little of the image changed since.
    // Measured even when the detector must run anyway, so that this frame can become the reference.
    private bool IsStill(Mat frame, double timestampSeconds)
    {
        if (_motion is null) return false;
        var start = Stopwatch.GetTimestamp();
        var changed = _motion.Measure(frame);
        Timings.RecordSince(PipelineStage.Motion, start);
        var gate = _settings.MotionGate!;
        return timestampSeconds - _lastDetectAt < gate.MaxSkipSeconds && changed < gate.MinChangedFraction;
    }

    /// <summary>End of stream: closes open visits and publishes the last heatmap period.</summary>
    public void Complete()
    {
        if (double.IsNaN(_lastTimestamp)) return;
        _zones.Flush(_lastTimestamp, _transitions);
        _occupancy.Flush(_lastTimestamp, _closedBuckets);
        _queues.Flush(_lastTimestamp, _waits);
        PublishDecisionPoints();
        ClosePeriod(_lastTimestamp);
    }

    private void PublishDecisionPoints()
    {
        foreach (var transition in _transitions)
        {
            _sink.Publish(transition.Kind == ZoneTransitionKind.Exit
                ? _events.Create(transition, _classifier.Classify(_zonesById[transition.ZoneId], transition), ServedOf(transition))
                : _events.Create(transition, null, null));
            EventsPublished++;
        }
        foreach (var crossing in _crossings)
        {
            _sink.Publish(_events.Create(crossing));
            EventsPublished++;
        }
        foreach (var bucket in _closedBuckets) OnOccupancyBucket?.Invoke(bucket);
        _transitions.Clear();
        _crossings.Clear();
        _waits.Clear();
        _closedBuckets.Clear();
    }

    // The queue monitor applies the same visit rules, so a queue zone's exit and its wait come out on the same frame.
    private bool? ServedOf(in ZoneTransition exit)
    {
        foreach (var wait in _waits)
            if (wait.ZoneId == exit.ZoneId && wait.TrackId == exit.TrackId) return wait.Served;
        return null;
    }

    private void ClosePeriod(double timestampSeconds)
    {
        _sink.Publish(HeatmapSnapshotFactory.Create(_settings.StoreId, _settings.CameraId, _period, _settings.FrameWidth, _settings.FrameHeight,
            _settings.Heatmap.Columns, _settings.Heatmap.Rows, _events.At(_periodStart), _events.At(timestampSeconds)));
        _total.Add(_period.Cells);
        _period.Reset();
        _periodStart = timestampSeconds;
    }
}
