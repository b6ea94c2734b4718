using RetailVision.Aggregator.Storage;
using RetailVision.LoadGenerator.Load;

namespace RetailVision.LoadGenerator.Bench;

/// <summary>
/// A store's history for <c>bench kpi</c>: <paramref name="eventCount"/> replayed scene events whose timestamps are
/// spread evenly over the <paramref name="days"/> days before <paramref name="end"/>, its cameras taking turns,
/// handed out in batches as ingest would write them.
/// </summary>
public sealed class KpiHistory(int cameras, int eventCount, int days, DateTimeOffset end)
{
    public string StoreId => "kpi-0001";

    public int EventCount => eventCount;

    public DateTimeOffset Start => end - TimeSpan.FromDays(days);

    public DateTimeOffset End => end;

    public IEnumerable<IReadOnlyList<IngestRecord>> Batches(SceneLibrary scenes, int batchSize)
    {
        var replays = scenes.StoreCameras(StoreId, 0, cameras, new Random(1));
        var spacing = (end - Start).Ticks / (double)eventCount;
        var batch = new List<IngestRecord>(batchSize);
        for (var i = 0; i < eventCount; i++)
        {
            var at = Start + TimeSpan.FromTicks((long)(i * spacing));
            batch.Add(new IngestRecord.Event(replays[i % replays.Count].Next(at)));
            if (batch.Count < batchSize) continue;
            yield return batch;
            batch = new List<IngestRecord>(batchSize);
        }
        if (batch.Count > 0) yield return batch;
    }
}
