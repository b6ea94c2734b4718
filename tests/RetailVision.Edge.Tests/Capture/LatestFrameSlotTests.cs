using OpenCvSharp;
using RetailVision.Edge.Capture;

namespace RetailVision.Edge.Tests.Capture;

public sealed class LatestFrameSlotTests
{
    // Writes a frame whose pixels all equal its number, so the reader can tell which one it got.
    private static bool Write(LatestFrameSlot slot, int number)
    {
        var buffer = slot.WriteBuffer;
        buffer.Create(4, 4, MatType.CV_8UC3);
        buffer.SetTo(Scalar.All(number));
        return slot.Publish(number / 10.0);
    }

    private static int Pixel(in FrameLease lease) => lease.Frame.At<Vec3b>(0, 0).Item0;

    [Fact]
    public void The_reader_gets_the_newest_frame_and_unread_ones_are_counted_as_dropped()
    {
        using var slot = new LatestFrameSlot(dropOlder: true);
        for (var i = 1; i <= 5; i++) Assert.True(Write(slot, i));
        Assert.True(slot.TryTake(out var lease, TimeSpan.Zero));
        Assert.Equal(5, Pixel(lease));
        Assert.Equal(0.5, lease.TimestampSeconds);
        Assert.Equal(4, lease.FrameNumber);
        Assert.Equal(4, slot.FramesDropped);
        Assert.Equal(5, slot.FramesPublished);

        // While the reader holds frame 5, the writer goes on in the other two buffers without touching it.
        for (var i = 6; i <= 9; i++) Assert.True(Write(slot, i));
        Assert.Equal(5, Pixel(lease));
        lease.Dispose();
        Assert.True(slot.TryTake(out var next, TimeSpan.Zero));
        Assert.Equal(9, Pixel(next));
        Assert.Equal(7, slot.FramesDropped);
        next.Dispose();
        Assert.False(slot.TryTake(out _, TimeSpan.FromMilliseconds(20)), "nothing new was published");
    }

    [Fact]
    public void Three_buffers_are_reused_without_copies()
    {
        using var slot = new LatestFrameSlot(dropOlder: true);
        var seen = new HashSet<IntPtr>();
        for (var i = 1; i <= 50; i++)
        {
            Assert.True(Write(slot, i));
            if (i % 3 == 0)
            {
                Assert.True(slot.TryTake(out var lease, TimeSpan.Zero));
                Assert.Equal(i, Pixel(lease));
                seen.Add(lease.Frame.Data);
                slot.Release(lease);
            }
        }
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void Publishing_and_taking_allocate_nothing_managed()
    {
        using var slot = new LatestFrameSlot(dropOlder: true);
        for (var i = 0; i < 3; i++) Write(slot, i);
        using var cancel = new CancellationTokenSource();
        // The token's first registration allocates its bookkeeping once; later ones reuse it.
        Assert.True(slot.TryTake(out var first, TimeSpan.Zero, cancel.Token));
        first.Dispose();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            slot.Publish(i);
            slot.Publish(i);
            Assert.True(slot.TryTake(out var lease, TimeSpan.Zero, cancel.Token));
            lease.Dispose();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Without_dropping_the_writer_waits_and_every_frame_arrives_in_order()
    {
        using var slot = new LatestFrameSlot(dropOlder: false);
        const int frames = 200;
        var published = 0;
        var writer = new Thread(() =>
        {
            for (var i = 0; i < frames; i++)
                if (Write(slot, i % 256)) published++;
            slot.Complete();
        });
        writer.Start();
        var received = new List<long>();
        while (!slot.IsCompleted)
        {
            if (!slot.TryTake(out var lease, TimeSpan.FromSeconds(5))) continue;
            Assert.Equal(lease.FrameNumber % 256, Pixel(lease));
            received.Add(lease.FrameNumber);
            // A slow reader: the writer must wait for it instead of dropping.
            if (received.Count % 50 == 0) Thread.Sleep(20);
            lease.Dispose();
        }
        Assert.True(writer.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(frames, published);
        Assert.Equal(Enumerable.Range(0, frames).Select(i => (long)i), received);
        Assert.Equal(0, slot.FramesDropped);
    }

    [Fact]
    public void Completing_wakes_a_writer_waiting_for_the_reader()
    {
        using var slot = new LatestFrameSlot(dropOlder: false);
        Assert.True(Write(slot, 1));
        bool? published = null;
        var writer = new Thread(() => published = Write(slot, 2));
        writer.Start();
        Assert.False(writer.Join(100), "the writer should wait while frame 1 is unread");
        slot.Complete();
        Assert.True(writer.Join(TimeSpan.FromSeconds(5)));
        Assert.False(published);
        // The unread frame is still handed out, then the slot reports it has finished.
        Assert.True(slot.TryTake(out var lease, TimeSpan.Zero));
        Assert.Equal(1, Pixel(lease));
        lease.Dispose();
        Assert.True(slot.IsCompleted);
        Assert.False(slot.TryTake(out _, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Cancellation_ends_a_waiting_take()
    {
        using var slot = new LatestFrameSlot(dropOlder: true);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(slot.TryTake(out _, TimeSpan.FromSeconds(10), cancel.Token));
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Taking_twice_without_releasing_is_refused()
    {
        using var slot = new LatestFrameSlot(dropOlder: true);
        Assert.True(Write(slot, 1));
        Assert.True(slot.TryTake(out var lease, TimeSpan.Zero));
        Assert.True(Write(slot, 2));
        Assert.Throws<InvalidOperationException>(() => slot.TryTake(out _, TimeSpan.Zero));
        lease.Dispose();
        lease.Dispose();
        Assert.True(slot.TryTake(out var next, TimeSpan.Zero));
        Assert.Equal(2, Pixel(next));
        next.Dispose();
    }
}
