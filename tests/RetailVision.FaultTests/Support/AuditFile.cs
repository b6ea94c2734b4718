using System.Text.Json;

namespace RetailVision.FaultTests.Support;

/// <summary>The edge's audit file (`run --events-out`): one JSON event per line, appended once the event is in the outbox.</summary>
public static class AuditFile
{
    /// <summary>The event ids in file order, and how many lines could not be read as an event (a line cut by SIGKILL).</summary>
    public static (IReadOnlyList<Guid> EventIds, int BrokenLines) Read(string path)
    {
        if (!File.Exists(path)) return ([], 0);
        var ids = new List<Guid>();
        var broken = 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                ids.Add(json.RootElement.GetProperty("eventId").GetGuid());
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
            {
                broken++;
            }
        }
        return (ids, broken);
    }
}
