using RetailVision.Edge.Geometry;
using RetailVision.Edge.Tracking;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Tests.Zones;

public sealed class QueueMonitorTests
{
    // A queue running down the image from the till at the top: x 0–100, y 0–300; the near half is y < 150.
    private static readonly Zone Queue = new("queue", "Till queue", ZoneKind.Queue, [new(0, 0), new(100, 0), new(100, 300), new(0, 300)], 1, 1)
    {
        ServicePoint = new PointF(50, -20),
    };

    private static TrackedPerson At(int id, float y) => new(id, new BoundingBox(35, y - 80, 30, 80), 0.9f, false);

    /// <summary>
    /// At 10 fps (frame f is f / 10 s): A at the front from 0 s, served at 10 s; B joins at 1 s, moves up, served at
    /// 20 s; C joins at 2 s, served at 30 s; D joins at the back at 3 s and walks off backwards at 12 s.
    /// </summary>
    private static TrackedPerson[] Script(int f)
    {
        var people = new List<TrackedPerson>();
        if (f <= 100) people.Add(At(1, 40));
        else if (f <= 110) people.Add(At(1, -30)); // past the till, out of the zone
        if (f is >= 10 and <= 100) people.Add(At(2, 120));
        else if (f is > 100 and <= 200) people.Add(At(2, 40));
        else if (f is > 200 and <= 210) people.Add(At(2, -30));
        if (f is >= 20 and <= 100) people.Add(At(3, 200));
        else if (f is > 100 and <= 200) people.Add(At(3, 120));
        else if (f is > 200 and <= 300) people.Add(At(3, 40));
        else if (f > 300) people.Add(At(3, -30));
        if (f is >= 30 and <= 120) people.Add(At(4, 260));
        else if (f > 120) people.Add(At(4, 350)); // gave up, walking away from the till
        return [.. people];
    }

    [Fact]
    public void Three_people_served_one_by_one_and_one_abandoning_give_exact_waits()
    {
        var monitor = new QueueMonitor([Queue]);
        var waits = new List<QueueWait>();
        var lengthAt = new Dictionary<int, int>();
        for (var f = 0; f <= 320; f++)
        {
            monitor.Update(Script(f), f / 10.0, waits);
            lengthAt[f] = monitor.QueueLength(0);
        }
        monitor.Flush(32, waits);

        Assert.Equal([1, 4, 2, 3], waits.Select(w => w.TrackId));
        AssertWait(waits[0], 0, 10, served: true);
        AssertWait(waits[1], 3, 12, served: false);
        AssertWait(waits[2], 1, 20, served: true);
        AssertWait(waits[3], 2, 30, served: true);
        Assert.Equal(4, lengthAt[50]);
        Assert.Equal(2, lengthAt[150]);
        Assert.Equal(0, lengthAt[320]);
    }

    [Fact]
    public void A_wait_still_open_at_the_end_of_the_stream_is_reported_on_flush()
    {
        var monitor = new QueueMonitor([Queue]);
        var waits = new List<QueueWait>();
        for (var f = 0; f <= 50; f++) monitor.Update([At(1, 40)], f / 10.0, waits);
        Assert.Empty(waits);
        Assert.Equal(1, monitor.QueueLength(0));

        monitor.Flush(5, waits);

        AssertWait(Assert.Single(waits), 0, 5, served: true);
    }

    [Fact]
    public void Only_queue_zones_are_monitored_and_each_needs_a_service_point()
    {
        var shelf = new Zone("shelf", "Shelf", ZoneKind.Shelf, Queue.Polygon, 1, 1);
        Assert.Equal(["queue"], new QueueMonitor([shelf, Queue]).Queues.Select(q => q.Id));
        Assert.Throws<ArgumentException>(() => new QueueMonitor([Queue with { ServicePoint = null }]));
    }

    private static void AssertWait(QueueWait wait, double joined, double left, bool served)
    {
        Assert.Equal("queue", wait.ZoneId);
        Assert.Equal(joined, wait.JoinedAt, 1e-9);
        Assert.Equal(left, wait.LeftAt, 1e-9);
        Assert.Equal(left - joined, wait.WaitSeconds, 1e-9);
        Assert.Equal(served, wait.Served);
    }
}
