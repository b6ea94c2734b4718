namespace RetailVision.Edge.Zones;

/// <summary>
/// Per-zone occupancy over fixed time buckets, sampled from a <see cref="ZoneVisitTracker"/> after each frame. The
/// occupancy read at a frame holds until the next frame, so a person-second is counted only for time actually
/// covered by frames, split exactly at bucket boundaries. Buckets are aligned to multiples of the bucket length.
/// Occupancy counts confirmed visits, from their confirmation until the exit grace has run out.
/// </summary>
public sealed class ZoneOccupancySeries
{
    private readonly string[] _zoneIds;
    private readonly double _bucketSeconds;
    private readonly int[] _count;          // occupancy at the previous sample, per zone
    private readonly double[] _personSeconds;
    private readonly int[] _peak;
    private long _bucket = long.MinValue;   // index of the open bucket; MinValue before the first sample
    private double _previousAt;

    public ZoneOccupancySeries(IReadOnlyList<Zone> zones, double bucketSeconds = 60)
    {
        if (!(bucketSeconds > 0) || double.IsInfinity(bucketSeconds)) throw new ArgumentOutOfRangeException(nameof(bucketSeconds), "a bucket needs a finite positive length");
        _zoneIds = [.. zones.Select(z => z.Id)];
        _bucketSeconds = bucketSeconds;
        _count = new int[_zoneIds.Length];
        _personSeconds = new double[_zoneIds.Length];
        _peak = new int[_zoneIds.Length];
    }

    /// <summary>Samples <paramref name="visits"/>' occupancy (updated for the frame at <paramref name="timestampSeconds"/>); appends the buckets that closed.</summary>
    public void Record(ZoneVisitTracker visits, double timestampSeconds, List<ZoneOccupancyBucket> closedOut)
    {
        if (_bucket == long.MinValue)
        {
            _bucket = (long)Math.Floor(timestampSeconds / _bucketSeconds);
        }
        else
        {
            if (timestampSeconds < _previousAt) throw new ArgumentOutOfRangeException(nameof(timestampSeconds), $"time went back from {_previousAt} s to {timestampSeconds} s");
            AdvanceTo(timestampSeconds, closedOut);
        }
        _previousAt = timestampSeconds;
        for (var z = 0; z < _zoneIds.Length; z++)
        {
            _count[z] = visits.Occupancy(z);
            _peak[z] = Math.Max(_peak[z], _count[z]);
        }
    }

    /// <summary>End of stream at <paramref name="timestampSeconds"/>: closes the open bucket there, short of its full length.</summary>
    public void Flush(double timestampSeconds, List<ZoneOccupancyBucket> closedOut)
    {
        if (_bucket == long.MinValue) return;
        if (timestampSeconds < _previousAt) throw new ArgumentOutOfRangeException(nameof(timestampSeconds), $"the stream cannot end at {timestampSeconds} s, before its last frame at {_previousAt} s");
        AdvanceTo(timestampSeconds, closedOut);
        if (timestampSeconds > _bucket * _bucketSeconds) Close(timestampSeconds, closedOut); // no empty bucket when ending on a boundary
        _bucket = long.MinValue;
        _personSeconds.AsSpan().Clear();
        _peak.AsSpan().Clear();
    }

    /// <summary>Integrates the previous sample's occupancy up to <paramref name="timestampSeconds"/>, closing every bucket passed.</summary>
    private void AdvanceTo(double timestampSeconds, List<ZoneOccupancyBucket> closedOut)
    {
        // Bucket ends are index × length, never a running sum, so boundaries stay exact over long streams.
        for (var end = (_bucket + 1) * _bucketSeconds; timestampSeconds >= end; end = (_bucket + 1) * _bucketSeconds)
        {
            for (var z = 0; z < _zoneIds.Length; z++) _personSeconds[z] += _count[z] * (end - _previousAt);
            Close(end, closedOut);
            _bucket++;
            _previousAt = end;
            for (var z = 0; z < _zoneIds.Length; z++)
            {
                _personSeconds[z] = 0;
                _peak[z] = _count[z]; // whoever was in at the boundary is in the new bucket too
            }
        }
        for (var z = 0; z < _zoneIds.Length; z++) _personSeconds[z] += _count[z] * (timestampSeconds - _previousAt);
    }

    private void Close(double end, List<ZoneOccupancyBucket> closedOut)
    {
        var start = _bucket * _bucketSeconds;
        for (var z = 0; z < _zoneIds.Length; z++) closedOut.Add(new ZoneOccupancyBucket(_zoneIds[z], start, end, _personSeconds[z], _peak[z]));
    }
}
