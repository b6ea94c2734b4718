using RetailVision.Contracts;
using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Zones;

/// <summary>
/// Counts people crossing <see cref="CountingLine"/>s. Each person remembers, per line, the side they were last seen
/// on beyond the hysteresis band and where; moving through the band to beyond it on the other side is one crossing,
/// so jitter or lingering on the line never counts twice. The crossing point (where the straight path from the last
/// sample beyond the band on the old side to the current one meets the line) must lie within the segment, give or
/// take the hysteresis, so people walking past its ends are not counted. A person unseen for longer than
/// <c>forgetAfterSeconds</c> is forgotten. State lives in arrays that grow only with the number of people at once.
/// </summary>
public sealed class LineCrossingCounter
{
    private struct SideMemory
    {
        public sbyte Side;      // -1 left, +1 right, 0 never beyond the band yet
        public double Along;    // pixels along A→B of the last sample beyond the band
        public double Distance; // its signed perpendicular distance
    }

    private readonly CountingLine[] _lines;
    private readonly double[] _lengths;
    private readonly int[] _in;
    private readonly int[] _out;
    private readonly double _forgetAfterSeconds;
    private readonly TrackSlots _slots = new();
    private double[] _slotLastSeen;
    private SideMemory[] _memory; // [slot * line count + line]

    public LineCrossingCounter(IReadOnlyList<CountingLine> lines, double forgetAfterSeconds = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(forgetAfterSeconds);
        _lines = [.. lines];
        _lengths = new double[_lines.Length];
        for (var l = 0; l < _lines.Length; l++)
        {
            if (_lines[l].Validate() is { } problem) throw new ArgumentException(problem, nameof(lines));
            _lengths[l] = Math.Sqrt(Sq(_lines[l].B.X - _lines[l].A.X) + Sq(_lines[l].B.Y - _lines[l].A.Y));
        }
        _in = new int[_lines.Length];
        _out = new int[_lines.Length];
        _forgetAfterSeconds = forgetAfterSeconds;
        _slotLastSeen = new double[_slots.Capacity];
        _memory = new SideMemory[_slots.Capacity * _lines.Length];
    }

    /// <summary>Crossings in so far on the line at <paramref name="lineIndex"/>.</summary>
    public int In(int lineIndex) => _in[lineIndex];

    /// <summary>Crossings out so far on the line at <paramref name="lineIndex"/>.</summary>
    public int Out(int lineIndex) => _out[lineIndex];

    /// <summary>Processes the tracks reported on the frame at <paramref name="timestampSeconds"/>; appends the crossings completed on it.</summary>
    public void Update(ReadOnlySpan<TrackedPerson> tracks, double timestampSeconds, List<LineCrossing> crossingsOut)
    {
        foreach (var track in tracks)
        {
            var slot = SlotOf(track.TrackId);
            _slotLastSeen[slot] = timestampSeconds;
            var foot = track.Box.FootPoint;
            for (var l = 0; l < _lines.Length; l++)
            {
                var line = _lines[l];
                double dx = line.B.X - line.A.X, dy = line.B.Y - line.A.Y, px = foot.X - line.A.X, py = foot.Y - line.A.Y;
                var distance = (dx * py - dy * px) / _lengths[l];
                if (Math.Abs(distance) <= line.HysteresisPixels) continue; // in the band: keep the side it came from
                var along = (dx * px + dy * py) / _lengths[l];
                var side = (sbyte)(distance > 0 ? 1 : -1);
                ref var memory = ref _memory[slot * _lines.Length + l];
                if (memory.Side == -side)
                {
                    // Distance is linear along a straight path, so it meets the line this fraction of the way along it.
                    var crossedAlong = memory.Along + (along - memory.Along) * memory.Distance / (memory.Distance - distance);
                    if (crossedAlong >= -line.HysteresisPixels && crossedAlong <= _lengths[l] + line.HysteresisPixels)
                    {
                        var direction = side > 0 ? LineDirection.In : LineDirection.Out;
                        if (direction == LineDirection.In) _in[l]++;
                        else _out[l]++;
                        crossingsOut.Add(new LineCrossing(line.Id, track.TrackId, direction, timestampSeconds));
                    }
                }
                memory.Side = side;
                memory.Along = along;
                memory.Distance = distance;
            }
        }

        for (var slot = 0; slot < _slots.Count; slot++)
            if (_slots.InUse(slot) && timestampSeconds - _slotLastSeen[slot] > _forgetAfterSeconds) _slots.Release(slot);
    }

    private static double Sq(double v) => v * v;

    /// <summary>The slot holding this track's memory, claiming a free one for a track not seen before.</summary>
    private int SlotOf(int trackId)
    {
        var slot = _slots.SlotOf(trackId, out var claimed);
        if (_slotLastSeen.Length != _slots.Capacity)
        {
            Array.Resize(ref _slotLastSeen, _slots.Capacity);
            Array.Resize(ref _memory, _slots.Capacity * _lines.Length);
        }
        if (claimed) _memory.AsSpan(slot * _lines.Length, _lines.Length).Clear();
        return slot;
    }
}
