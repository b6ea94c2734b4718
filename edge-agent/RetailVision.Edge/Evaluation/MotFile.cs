using System.Globalization;
using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Evaluation;

/// <summary>Reads and writes MOTChallenge text files: <c>frame,id,x,y,w,h,score,-1,-1,-1</c>, x/y the top-left corner in pixels.</summary>
public static class MotFile
{
    private static readonly char[] Separators = [',', ' ', '\t'];

    /// <summary>
    /// Reads every row. Columns may be separated by commas or whitespace; columns after the score are ignored, and a
    /// missing score reads as 1. A line that does not parse throws a <see cref="FormatException"/> naming file and line.
    /// </summary>
    public static List<MotRow> Read(string path)
    {
        var rows = new List<MotRow>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields.Length < 6) throw Bad(path, lineNumber, $"expected at least 6 columns (frame,id,x,y,w,h), found {fields.Length}");
            var frame = ParseWhole(fields[0], path, lineNumber, "frame");
            if (frame < 1) throw Bad(path, lineNumber, $"frame {frame} is not 1-based");
            var id = ParseWhole(fields[1], path, lineNumber, "id");
            var box = new BoundingBox(
                ParseNumber(fields[2], path, lineNumber, "x"), ParseNumber(fields[3], path, lineNumber, "y"),
                ParseNumber(fields[4], path, lineNumber, "width"), ParseNumber(fields[5], path, lineNumber, "height"));
            var score = fields.Length > 6 ? ParseNumber(fields[6], path, lineNumber, "score") : 1f;
            rows.Add(new MotRow(frame, id, box, score));
        }
        return rows;
    }

    /// <summary>Writes rows in MOTChallenge format, numbers in their shortest exact form.</summary>
    public static void Write(string path, IEnumerable<MotRow> rows)
    {
        using var writer = new StreamWriter(path);
        var c = CultureInfo.InvariantCulture;
        foreach (var row in rows)
            writer.WriteLine(string.Create(c, $"{row.Frame},{row.Id},{row.Box.X},{row.Box.Y},{row.Box.Width},{row.Box.Height},{row.Score},-1,-1,-1"));
    }

    // Some tools write frame and id as floats ("12.0"); they must still be whole numbers.
    private static int ParseWhole(string text, string path, int line, string column)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return whole;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue) return (int)value;
        throw Bad(path, line, $"{column} '{text}' is not a whole number");
    }

    private static float ParseNumber(string text, string path, int line, string column)
    {
        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value)) return value;
        throw Bad(path, line, $"{column} '{text}' is not a number");
    }

    private static FormatException Bad(string path, int line, string problem) => new($"{path}:{line}: {problem}");
}
