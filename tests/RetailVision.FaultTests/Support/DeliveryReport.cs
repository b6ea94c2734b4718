using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace RetailVision.FaultTests.Support;

/// <summary>
/// What the edge recorded against what the aggregator stored, with the figures a test measured besides. Written to the
/// test output and appended to fault-results.txt beside the test assembly, so that a run's figures can be quoted.
/// </summary>
public sealed class DeliveryReport
{
    private readonly List<(string Name, string Value)> _figures = [];

    public DeliveryReport(IReadOnlyList<Guid> audited, int brokenAuditLines, IReadOnlyList<Guid> stored)
    {
        Produced = audited.Count;
        BrokenAuditLines = brokenAuditLines;
        AuditedTwice = audited.Count - audited.Distinct().Count();
        var storedSet = stored.ToHashSet();
        var auditedSet = audited.ToHashSet();
        Lost = auditedSet.Count(id => !storedSet.Contains(id));
        Delivered = auditedSet.Count - Lost;
        StoredRowsOverOne = stored.GroupBy(id => id).Sum(g => g.Count() - 1);
        StoredNotAudited = storedSet.Count(id => !auditedSet.Contains(id));
    }

    public static string ResultsFile { get; } = Path.Combine(AppContext.BaseDirectory, "fault-results.txt");

    /// <summary>Lines in the audit file (events the edge recorded as committed to its outbox).</summary>
    public int Produced { get; }

    /// <summary>Audited events the aggregator stored.</summary>
    public int Delivered { get; }

    /// <summary>Audited events the aggregator does not have.</summary>
    public int Lost { get; }

    /// <summary>Stored rows beyond the first for one event id: a duplicate that got past deduplication.</summary>
    public int StoredRowsOverOne { get; }

    /// <summary>
    /// Stored events missing from the audit file: the edge commits an event to its outbox before it appends the audit
    /// line, so a SIGKILL between the two delivers an event the audit never names. At most one per kill.
    /// </summary>
    public int StoredNotAudited { get; }

    public int AuditedTwice { get; }

    public int BrokenAuditLines { get; }

    public DeliveryReport With(string name, object value)
    {
        _figures.Add((name, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
        return this;
    }

    public void Publish(string test, ITestOutputHelper output)
    {
        var line = new StringBuilder($"{DateTimeOffset.UtcNow:O} {test}: produced={Produced} delivered={Delivered} lost={Lost} duplicate-rows={StoredRowsOverOne}");
        line.Append(CultureInfo.InvariantCulture, $" stored-not-audited={StoredNotAudited} broken-audit-lines={BrokenAuditLines}");
        foreach (var (name, value) in _figures) line.Append(CultureInfo.InvariantCulture, $" {name}={value}");
        output.WriteLine(line.ToString());
        File.AppendAllText(ResultsFile, line + Environment.NewLine);
    }
}
