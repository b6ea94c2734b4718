using RetailVision.Edge.Geometry;
using RetailVision.Edge.Tracking;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Tests.Zones;

public sealed class ZoneOccupancySeriesTests
{
    // Visits confirmed at once and ended on the first frame outside, so occupancy follows presence frame by frame.
    private static readonly Zone Shelf = new("shelf", "Shelf", ZoneKind.Shelf, [new(0, 0), new(100, 0), new(100, 100), new(0, 100)], 0, 0);
    private static readonly Zone Aisle = new("aisle", "Aisle", ZoneKind.Area, [new(200, 0), new(300, 0), new(300, 100), new(200, 100)], 0, 0);

    private static TrackedPerson At(int id, float x) => new(id, new BoundingBox(x - 15, -30, 30, 80), 0.9f, false);

    [Fact]
    public void Person_seconds_and_peaks_per_bucket_are_exact()
    {
        // 1 fps. Person 1 in the shelf zone from 0 s to 14 s, person 2 from 3 s to 7 s; nobody in the aisle.
        var visits = new ZoneVisitTracker([Shelf, Aisle]);
        var series = new ZoneOccupancySeries([Shelf, Aisle], bucketSeconds: 10);
        var transitions = new List<ZoneTransition>();
        var buckets = new List<ZoneOccupancyBucket>();
        for (var t = 0; t <= 25; t++)
        {
            var people = new List<TrackedPerson> { At(1, t <= 14 ? 50 : 150) };
            if (t is >= 3 and <= 7) people.Add(At(2, 60));
            visits.Update([.. people], t, transitions);
            series.Record(visits, t, buckets);
        }
        series.Flush(25, buckets);

        Assert.Equal(
        [
            new("shelf", 0, 10, 15, 2), new("aisle", 0, 10, 0, 0),
            new("shelf", 10, 20, 5, 1), new("aisle", 10, 20, 0, 0),
            new ZoneOccupancyBucket("shelf", 20, 25, 0, 0), new("aisle", 20, 25, 0, 0),
        ], buckets);
    }

    [Fact]
    public void A_gap_between_frames_is_split_exactly_at_bucket_boundaries()
    {
        var lingering = Shelf with { ExitGraceSeconds = 100 };
        var visits = new ZoneVisitTracker([lingering]);
        var series = new ZoneOccupancySeries([lingering], bucketSeconds: 10);
        var transitions = new List<ZoneTransition>();
        var buckets = new List<ZoneOccupancyBucket>();

        visits.Update([At(1, 50)], 4, transitions);
        series.Record(visits, 4, buckets);
        visits.Update([], 27.5, transitions); // unseen, still within the grace: occupancy stays 1
        series.Record(visits, 27.5, buckets);
        Assert.Equal([new("shelf", 0, 10, 6, 1), new ZoneOccupancyBucket("shelf", 10, 20, 10, 1)], buckets);

        series.Flush(30, buckets);
        Assert.Equal(new ZoneOccupancyBucket("shelf", 20, 30, 10, 1), buckets[^1]);
    }

    [Fact]
    public void Ending_on_a_bucket_boundary_adds_no_empty_bucket()
    {
        var visits = new ZoneVisitTracker([Shelf]);
        var series = new ZoneOccupancySeries([Shelf], bucketSeconds: 10);
        var buckets = new List<ZoneOccupancyBucket>();
        series.Record(visits, 0, buckets);
        series.Flush(10, buckets);

        Assert.Equal([new ZoneOccupancyBucket("shelf", 0, 10, 0, 0)], buckets);
    }
}
