using OpenCvSharp;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Delivery;
using RetailVision.Edge.Events;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Heatmaps;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Tracking;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Pipeline;

/// <summary>Called with the tracks the pipeline reports for a frame (1-based frame number).</summary>
public delegate void TracksObserved(int frameNumber, ReadOnlySpan<TrackedPerson> tracks);

/// <summary>
/// One camera's path from frame to events: detect (at the configured rate) → track → zones, counting lines and queues →
/// heatmap → sink. Everything per frame runs on preallocated state; only events leave as new objects.
/// </summary>
public sealed class CameraPipeline
{
    private readonly PersonDetector _detector;
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
    private readonly List<ZoneTransition> _transitions = new(64);
    private readonly List<LineCrossing> _crossings = new(16);
    private readonly List<QueueWait> _waits = new(16);
    private double _nextDetectAt;
    private double _lastTimestamp = double.NaN;
    private double _periodStart;

    public CameraPipeline(CameraPipelineSettings settings, PersonDetector detector, IEventSink sink)
    {
        _settings = settings;
        _detector = detector;
        _sink = sink;
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

    public int FramesProcessed { get; private set; }
    public int DetectionsRun { get; private set; }
    public int EventsPublished { get; private set; }

    /// <summary>Runs one frame taken at <paramref name="timestampSeconds"/> (stream-relative, from the source).</summary>
    public void Process(Mat frame, double timestampSeconds)
    {
        ReadOnlySpan<TrackedPerson> tracks;
        if (_settings.DetectFps <= 0 || timestampSeconds >= _nextDetectAt)
        {
            var count = _detector.Detect(frame, _detections);
            tracks = _tracker.Update(_detections.AsSpan(0, count), timestampSeconds);
            DetectionsRun++;
            if (_settings.DetectFps > 0)
                _nextDetectAt = Math.Max(_nextDetectAt + 1 / _settings.DetectFps, timestampSeconds);
        }
        else
        {
            tracks = _tracker.Predict(timestampSeconds);
        }
        FramesProcessed++;
        OnTracks?.Invoke(FramesProcessed + _settings.FirstFrameNumber - 1, tracks);

        _zones.Update(tracks, timestampSeconds, _transitions);
        _occupancy.Record(_zones, timestampSeconds, _closedBuckets);
        _queues.Update(tracks, timestampSeconds, _waits);
        _lines.Update(tracks, timestampSeconds, _crossings);
        PublishDecisionPoints();

        // A frame stands for the time until the next one; the first frame for one nominal frame interval.
        var dt = double.IsNaN(_lastTimestamp) ? 1 / _settings.FramesPerSecond : timestampSeconds - _lastTimestamp;
        if (double.IsNaN(_lastTimestamp)) _periodStart = timestampSeconds;
        _lastTimestamp = timestampSeconds;
        _period.Accumulate(tracks, Math.Max(0, dt));
        if (timestampSeconds - _periodStart >= _settings.Heatmap.PublishIntervalSeconds)
            ClosePeriod(timestampSeconds);
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
