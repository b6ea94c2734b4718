namespace RetailVision.Edge.Cli.Commands;

/// <summary>An inclusive 1-based frame range written A-B (as MOTChallenge numbers frames).</summary>
public readonly record struct FrameRange(int First, int Last)
{
    public static readonly FrameRange All = new(1, int.MaxValue);

    public static bool TryParse(string? text, out FrameRange range, out string error)
    {
        range = All;
        error = "";
        if (string.IsNullOrEmpty(text)) return true;
        var parts = text.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], out var first) && int.TryParse(parts[1], out var last) && first >= 1 && last >= first)
        {
            range = new FrameRange(first, last);
            return true;
        }
        error = $"--frames: '{text}' is not A-B with 1 ≤ A ≤ B (for example 1-400)";
        return false;
    }

    public bool Contains(int frame) => frame >= First && frame <= Last;
}
