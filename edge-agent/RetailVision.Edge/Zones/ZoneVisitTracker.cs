using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Zones;

/// <summary>
/// Turns one camera's tracks into zone visits. Each person's foot point is tested against every zone. Presence is
/// being inside with no gap longer than the zone's exit grace, whether the gap is spent outside the polygon or unseen
/// (detector misses, a lost track): a visit is confirmed once presence has lasted MinPresenceSeconds and reported as
/// entered at its first moment inside; it ends when a gap exceeds the grace and is reported as exited at its last
/// moment inside. Coming back within the grace continues the same visit, so jitter across a border neither splits
/// visits nor inflates counts. All state lives in arrays that grow only with the number of people present at once.
/// </summary>
public sealed class ZoneVisitTracker
{
    private enum Phase : byte
    {
        Outside,
        Pending,  // inside, not yet for MinPresenceSeconds
        Visiting, // confirmed and reported as entered
    }

    private struct Presence
    {
        public Phase Phase;
        public double FirstInsideAt;
        public double LastInsideAt;
    }

    private readonly Zone[] _zones;
    private readonly int[] _occupancy;
    private readonly TrackSlots _slots = new();
    private bool[] _slotSeen;
    private Presence[] _presence;   // [slot * zone count + zone]
    private double _lastTimestamp = double.NegativeInfinity;

    public ZoneVisitTracker(IReadOnlyList<Zone> zones)
    {
        _zones = [.. zones];
        _occupancy = new int[_zones.Length];
        _slotSeen = new bool[_slots.Capacity];
        _presence = new Presence[_slots.Capacity * _zones.Length];
    }

    /// <summary>People currently in the zone at <paramref name="zoneIndex"/> (confirmed visits not yet ended).</summary>
    public int Occupancy(int zoneIndex) => _occupancy[zoneIndex];

    /// <summary>Processes the tracks reported on the frame at <paramref name="timestampSeconds"/>; appends the visits that started or ended.</summary>
    public void Update(ReadOnlySpan<TrackedPerson> tracks, double timestampSeconds, List<ZoneTransition> transitionsOut)
    {
        _lastTimestamp = timestampSeconds;
        _slotSeen.AsSpan(0, _slots.Count).Clear();
        foreach (var track in tracks)
        {
            var slot = SlotOf(track.TrackId);
            _slotSeen[slot] = true;
            var foot = track.Box.FootPoint;
            for (var z = 0; z < _zones.Length; z++)
            {
                ref var presence = ref _presence[slot * _zones.Length + z];
                if (PolygonGeometry.Contains(_zones[z].Polygon, foot)) SeenInside(ref presence, z, track.TrackId, timestampSeconds, transitionsOut);
                else NotInside(ref presence, z, track.TrackId, timestampSeconds, transitionsOut);
            }
        }

        for (var slot = 0; slot < _slots.Count; slot++)
        {
            if (!_slots.InUse(slot)) continue;
            var anyPresence = false;
            for (var z = 0; z < _zones.Length; z++)
            {
                ref var presence = ref _presence[slot * _zones.Length + z];
                if (!_slotSeen[slot]) NotInside(ref presence, z, _slots.TrackId(slot), timestampSeconds, transitionsOut);
                anyPresence |= presence.Phase != Phase.Outside;
            }
            if (!anyPresence) _slots.Release(slot);
        }
    }

    /// <summary>End of stream at <paramref name="timestampSeconds"/>: ends every open visit at its last moment inside.</summary>
    public void Flush(double timestampSeconds, List<ZoneTransition> transitionsOut)
    {
        if (timestampSeconds < _lastTimestamp)
            throw new ArgumentOutOfRangeException(nameof(timestampSeconds), $"the stream cannot end at {timestampSeconds} s, before its last frame at {_lastTimestamp} s");
        for (var slot = 0; slot < _slots.Count; slot++)
        {
            if (!_slots.InUse(slot)) continue;
            for (var z = 0; z < _zones.Length; z++)
            {
                ref var presence = ref _presence[slot * _zones.Length + z];
                if (presence.Phase == Phase.Visiting) EndVisit(ref presence, z, _slots.TrackId(slot), transitionsOut);
                presence.Phase = Phase.Outside;
            }
        }
        _slots.Clear();
    }

    private void SeenInside(ref Presence presence, int zone, int trackId, double timestampSeconds, List<ZoneTransition> transitionsOut)
    {
        if (presence.Phase == Phase.Outside)
        {
            presence.Phase = Phase.Pending;
            presence.FirstInsideAt = timestampSeconds;
        }
        presence.LastInsideAt = timestampSeconds;
        if (presence.Phase == Phase.Pending && timestampSeconds - presence.FirstInsideAt >= _zones[zone].MinPresenceSeconds)
        {
            presence.Phase = Phase.Visiting;
            _occupancy[zone]++;
            transitionsOut.Add(new ZoneTransition(ZoneTransitionKind.Enter, _zones[zone].Id, trackId, presence.FirstInsideAt, null));
        }
    }

    private void NotInside(ref Presence presence, int zone, int trackId, double timestampSeconds, List<ZoneTransition> transitionsOut)
    {
        if (presence.Phase == Phase.Outside || timestampSeconds - presence.LastInsideAt <= _zones[zone].ExitGraceSeconds) return;
        if (presence.Phase == Phase.Visiting) EndVisit(ref presence, zone, trackId, transitionsOut);
        presence.Phase = Phase.Outside;
    }

    private void EndVisit(ref Presence presence, int zone, int trackId, List<ZoneTransition> transitionsOut)
    {
        _occupancy[zone]--;
        transitionsOut.Add(new ZoneTransition(ZoneTransitionKind.Exit, _zones[zone].Id, trackId, presence.FirstInsideAt, presence.LastInsideAt));
    }

    /// <summary>The slot holding this track's state, claiming a free one for a track not seen before.</summary>
    private int SlotOf(int trackId)
    {
        var slot = _slots.SlotOf(trackId, out var claimed);
        if (_slotSeen.Length != _slots.Capacity)
        {
            Array.Resize(ref _slotSeen, _slots.Capacity);
            Array.Resize(ref _presence, _slots.Capacity * _zones.Length);
        }
        if (claimed)
        {
            _slotSeen[slot] = false;
            _presence.AsSpan(slot * _zones.Length, _zones.Length).Clear();
        }
        return slot;
    }
}
