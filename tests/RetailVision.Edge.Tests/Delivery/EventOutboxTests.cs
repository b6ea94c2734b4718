using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RetailVision.Edge.Delivery;

namespace RetailVision.Edge.Tests.Delivery;

public sealed class EventOutboxTests
{
    [Fact]
    public void Entries_come_out_oldest_first_and_leave_when_acknowledged()
    {
        using var folder = new TempFolder();
        using var outbox = new EventOutbox(folder.File("outbox.db"), NullLogger.Instance);

        outbox.Enqueue("t/a", "one"u8.ToArray());
        outbox.Enqueue("t/b", "two"u8.ToArray());
        Assert.Equal(2, outbox.Count);
        Assert.Equal(6, outbox.Bytes);
        Assert.NotNull(outbox.OldestEnqueuedAt);

        Assert.True(outbox.TryPeekOldest(out var first));
        Assert.Equal(("t/a", "one"), (first.Topic, Encoding.UTF8.GetString(first.Payload)));
        outbox.Acknowledge(first.Sequence);

        Assert.True(outbox.TryPeekOldest(out var second));
        Assert.Equal("t/b", second.Topic);
        Assert.True(second.Sequence > first.Sequence);
        outbox.Acknowledge(second.Sequence);

        Assert.False(outbox.TryPeekOldest(out _));
        Assert.Equal(0, outbox.Count);
        Assert.Equal(0, outbox.Bytes);
        Assert.Null(outbox.OldestEnqueuedAt);
    }

    [Fact]
    public void Entries_and_sequence_numbers_survive_a_reopen()
    {
        using var folder = new TempFolder();
        var path = folder.File("outbox.db");
        long lastSequence;
        using (var outbox = new EventOutbox(path, NullLogger.Instance))
        {
            outbox.Enqueue("t/1", [1]);
            outbox.Enqueue("t/2", [2, 2]);
            outbox.Enqueue("t/3", [3, 3, 3]);
            Assert.True(outbox.TryPeekOldest(out var first));
            outbox.Acknowledge(first.Sequence);
            outbox.Enqueue("t/4", [4]);
            lastSequence = first.Sequence + 3;
        }

        using var reopened = new EventOutbox(path, NullLogger.Instance);
        Assert.Equal(3, reopened.Count);
        Assert.Equal(6, reopened.Bytes);
        reopened.Enqueue("t/5", [5]);

        var topics = new List<string>();
        var sequences = new List<long>();
        while (reopened.TryPeekOldest(out var entry))
        {
            topics.Add(entry.Topic);
            sequences.Add(entry.Sequence);
            reopened.Acknowledge(entry.Sequence);
        }
        Assert.Equal(["t/2", "t/3", "t/4", "t/5"], topics);
        Assert.Equal(lastSequence + 1, sequences[^1]);
        Assert.Equal(sequences.Order(), sequences);
    }

    [Fact]
    public void A_full_outbox_drops_the_oldest_entries_counts_them_and_warns_once_per_burst()
    {
        using var folder = new TempFolder();
        var logger = new RecordingLogger();
        using var outbox = new EventOutbox(folder.File("outbox.db"), logger, maxBytes: 30);

        for (var i = 0; i < 5; i++) outbox.Enqueue($"t/{i}", new byte[10]);

        Assert.Equal(3, outbox.Count);
        Assert.Equal(30, outbox.Bytes);
        Assert.Equal(2, outbox.DroppedOldest);
        Assert.True(outbox.TryPeekOldest(out var oldest));
        Assert.Equal("t/2", oldest.Topic);

        outbox.Enqueue("t/big", new byte[25]);
        Assert.Equal(1, outbox.Count);
        Assert.Equal(25, outbox.Bytes);
        Assert.Equal(5, outbox.DroppedOldest);
        Assert.True(outbox.TryPeekOldest(out var survivor));
        Assert.Equal("t/big", survivor.Topic);
        Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);

        // Room again ends the burst; the next drop warns anew.
        outbox.Enqueue("t/small", new byte[5]);
        outbox.Enqueue("t/overflow", new byte[10]);
        Assert.Equal(2, logger.Entries.Count(e => e.Level == LogLevel.Warning));
    }

    [Fact]
    public void A_second_opener_of_the_same_file_fails_clearly()
    {
        using var folder = new TempFolder();
        var path = folder.File("outbox.db");
        using var first = new EventOutbox(path, NullLogger.Instance);

        var error = Assert.Throws<InvalidOperationException>(() => new EventOutbox(path, NullLogger.Instance));
        Assert.Contains("is in use by another process", error.Message);
        Assert.Contains(path, error.Message);
    }
}
