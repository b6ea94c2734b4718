using RetailVision.Contracts;

namespace RetailVision.Edge.Delivery;

/// <summary>
/// Writes decision-point events as JSON Lines, one contract event per line, flushed per event so that a killed process
/// loses no line it reported written.
/// </summary>
public sealed class JsonLinesEventWriter : IEventSink, IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly FileStream _stream;

    /// <param name="path">The file.</param>
    /// <param name="append">Keep what earlier runs wrote; a line cut short by a killed run is ended first, so it cannot swallow the next event.</param>
    public JsonLinesEventWriter(string path, bool append = false)
    {
        _stream = new FileStream(path, append ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        if (_stream.Length > 0)
        {
            _stream.Seek(-1, SeekOrigin.End);
            var last = _stream.ReadByte();
            if (last != '\n') _stream.Write(NewLine);
        }
        _stream.Seek(0, SeekOrigin.End);
    }

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
