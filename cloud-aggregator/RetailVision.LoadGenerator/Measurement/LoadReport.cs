using System.Diagnostics;
using System.Globalization;
using RetailVision.LoadGenerator.Load;

namespace RetailVision.LoadGenerator.Measurement;

/// <summary>
/// What one run achieved. Rates are per second of the publishing window (acknowledged) and of first send to last
/// store (stored, so that a backlog drained after the publishers stopped counts against the rate). Latencies in ms,
/// from the send of a publish to its PUBACK and to its being stored, over the events sent after the warm-up (the first
/// seconds pay for JIT, connection pools and the day's first partition). Lost: acknowledged but not stored;
/// duplicates: stored rows beyond one per event.
/// </summary>
public sealed record LoadReport(
    string Name,
    string StoredMeans,
    int Sent,
    int Acknowledged,
    int Stored,
    double AcknowledgedPerSecond,
    double StoredPerSecond,
    double AckP50Ms,
    double AckP99Ms,
    double StoredP50Ms,
    double StoredP99Ms,
    int Lost,
    int Duplicates,
    long PublishFailures)
{
    public static LoadReport From(string name, string storedMeans, PublishLedger ledger, TimeSpan publishing, TimeSpan warmUp,
        IReadOnlyDictionary<Guid, int>? audit, long failures)
    {
        var records = ledger.Records.ToList();
        var acked = records.Where(r => r.Acknowledged).ToList();
        var stored = records.Where(r => r.Stored).ToList();
        var measuredFrom = records.Count == 0 ? 0 : records.Min(r => r.SentAt) + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var ack = acked.Where(r => r.SentAt >= measuredFrom).Select(r => Milliseconds(r.SentAt, r.AckedAt)).Order().ToList();
        var store = stored.Where(r => r.SentAt >= measuredFrom).Select(r => Milliseconds(r.SentAt, r.StoredAt)).Order().ToList();
        var span = stored.Count == 0 ? double.NaN : Milliseconds(records.Min(r => r.SentAt), stored.Max(r => r.StoredAt)) / 1000;
        var lost = audit is null ? acked.Count(r => !r.Stored) : acked.Count(r => !audit.ContainsKey(r.EventId));
        var duplicates = audit is null ? 0 : records.Sum(r => Math.Max(0, audit.GetValueOrDefault(r.EventId) - 1));
        return new LoadReport(name, storedMeans, records.Count, acked.Count, stored.Count, acked.Count / publishing.TotalSeconds, stored.Count / span,
            Percentiles.Of(ack, 50), Percentiles.Of(ack, 99), Percentiles.Of(store, 50), Percentiles.Of(store, 99), lost, duplicates, failures);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: sent {Sent}, acknowledged {Acknowledged} ({AcknowledgedPerSecond:0}/s, p50 {AckP50Ms:0.0} ms, p99 {AckP99Ms:0.0} ms), " +
        $"stored {Stored} ({StoredPerSecond:0}/s, p50 {StoredP50Ms:0.0} ms, p99 {StoredP99Ms:0.0} ms; stored = {StoredMeans}), " +
        $"lost {Lost}, duplicates {Duplicates}, failed publishes {PublishFailures}");

    private static double Milliseconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
