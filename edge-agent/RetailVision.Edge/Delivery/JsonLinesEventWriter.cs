using RetailVision.Contracts;

namespace RetailVision.Edge.Delivery;

/// <summary>
/// Writes decision-point events as JSON Lines, one contract event per line, flushed per event so that a killed process
/// loses no line it reported written. <paramref name="append"/> keeps what earlier runs wrote.
/// </summary>
public sealed class JsonLinesEventWriter(string path, bool append = false) : IEventSink, IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly FileStream _stream = new(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read);

    public int EventsWritten { get; private set; }

    public void Publish(DecisionPointEvent decisionPoint)
    {
        _stream.Write(ContractJson.Serialize(decisionPoint));
        _stream.Write(NewLine);
        _stream.Flush();
        EventsWritten++;
    }

    /// <summary>Heatmap snapshots are not decision points; the analyze command writes the heatmap as an image instead.</summary>
    public void Publish(HeatmapSnapshot snapshot)
    {
    }

    public void Dispose() => _stream.Dispose();
}
