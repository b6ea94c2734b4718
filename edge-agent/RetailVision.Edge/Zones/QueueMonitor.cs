using RetailVision.Edge.Geometry;
using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Zones;

/// <summary>
/// Waits in the <see cref="ZoneKind.Queue"/> zones of a layout. Joining and leaving are the visits a
/// <see cref="ZoneVisitTracker"/> confirms on those zones (same min-presence and grace rules); this class only remembers
/// each person's last foot point inside, to tell whether they left from the half of the zone nearer its
/// <see cref="Zone.ServicePoint"/> (served) or not (abandoned). That half is split at the middle of the zone's extent
/// along the direction from its vertex centroid to the service point.
/// </summary>
public sealed class QueueMonitor
{
    private readonly Zone[] _queues;
    private readonly PointF[] _axis;       // unit direction towards the service point, per queue
    private readonly double[] _midway;     // projection on that axis splitting the near half from the far half
    private readonly ZoneVisitTracker _visits;
    private readonly List<ZoneTransition> _transitions = [];
    private readonly Dictionary<(int TrackId, int Queue), (PointF Foot, double At)> _lastInside = [];
    private readonly List<(int TrackId, int Queue)> _stale = [];

    /// <summary>Monitors the queue zones among <paramref name="zones"/>; each needs a service point.</summary>
    public QueueMonitor(IReadOnlyList<Zone> zones)
    {
        _queues = [.. zones.Where(z => z.Kind == ZoneKind.Queue)];
        _axis = new PointF[_queues.Length];
        _midway = new double[_queues.Length];
        for (var q = 0; q < _queues.Length; q++)
        {
            var zone = _queues[q];
            if (zone.ServicePoint is not { } service) throw new ArgumentException($"queue zone '{zone.Id}' has no service point", nameof(zones));
            float cx = 0, cy = 0;
            foreach (var p in zone.Polygon) { cx += p.X; cy += p.Y; }
            cx /= zone.Polygon.Length;
            cy /= zone.Polygon.Length;
            var length = MathF.Sqrt((service.X - cx) * (service.X - cx) + (service.Y - cy) * (service.Y - cy));
            if (length == 0) throw new ArgumentException($"queue zone '{zone.Id}': the service point is at the zone's centre, so no side is nearer it", nameof(zones));
            _axis[q] = new PointF((service.X - cx) / length, (service.Y - cy) / length);
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (var p in zone.Polygon)
            {
                var along = Project(q, p);
                min = Math.Min(min, along);
                max = Math.Max(max, along);
            }
            _midway[q] = (min + max) / 2;
        }
        _visits = new ZoneVisitTracker(_queues);
    }

    /// <summary>The queue zones, in the order <see cref="QueueLength"/> indexes them.</summary>
    public IReadOnlyList<Zone> Queues => _queues;

    /// <summary>People in the queue at <paramref name="queueIndex"/> now (confirmed and not yet left).</summary>
    public int QueueLength(int queueIndex) => _visits.Occupancy(queueIndex);

    /// <summary>Processes the tracks reported on the frame at <paramref name="timestampSeconds"/>; appends the waits that ended.</summary>
    public void Update(ReadOnlySpan<TrackedPerson> tracks, double timestampSeconds, List<QueueWait> waitsOut)
    {
        _transitions.Clear();
        _visits.Update(tracks, timestampSeconds, _transitions);
        Report(waitsOut);

        foreach (var track in tracks)
        {
            var foot = track.Box.FootPoint;
            for (var q = 0; q < _queues.Length; q++)
                if (PolygonGeometry.Contains(_queues[q].Polygon, foot)) _lastInside[(track.TrackId, q)] = (foot, timestampSeconds);
        }

        // Past the grace the visit tracker has ended (or never confirmed) the presence, so the point is of no more use.
        _stale.Clear();
        foreach (var (key, last) in _lastInside)
            if (timestampSeconds - last.At > _queues[key.Queue].ExitGraceSeconds) _stale.Add(key);
        foreach (var key in _stale) _lastInside.Remove(key);
    }

    /// <summary>End of stream at <paramref name="timestampSeconds"/>: ends every wait still open, as left at its last moment inside.</summary>
    public void Flush(double timestampSeconds, List<QueueWait> waitsOut)
    {
        _transitions.Clear();
        _visits.Flush(timestampSeconds, _transitions);
        Report(waitsOut);
        _lastInside.Clear();
    }

    private void Report(List<QueueWait> waitsOut)
    {
        foreach (var transition in _transitions)
        {
            if (transition.Kind != ZoneTransitionKind.Exit) continue;
            var q = IndexOf(transition.ZoneId);
            var left = transition.ExitedAtSeconds!.Value;
            // The visit's last moment inside is the last point remembered: nothing newer inside can exist once it ended.
            var served = _lastInside.Remove((transition.TrackId, q), out var last) && Project(q, last.Foot) >= _midway[q];
            waitsOut.Add(new QueueWait(transition.ZoneId, transition.TrackId, transition.EnteredAtSeconds, left, left - transition.EnteredAtSeconds, served));
        }
    }

    private int IndexOf(string zoneId)
    {
        for (var q = 0; q < _queues.Length; q++)
            if (_queues[q].Id == zoneId) return q;
        throw new InvalidOperationException($"a transition for zone '{zoneId}', which is not a queue here");
    }

    private double Project(int queue, PointF p) => (double)p.X * _axis[queue].X + (double)p.Y * _axis[queue].Y;
}
