namespace RetailVision.Edge.Configuration;

/// <summary>A model input size written WxH; both sides must be positive multiples of 32 (the largest model stride).</summary>
public readonly record struct InputSize(int Width, int Height)
{
    public static bool TryParse(string? text, out InputSize size, out string error)
    {
        size = default;
        var parts = (text ?? "").Split('x', 'X');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var w) || !int.TryParse(parts[1], out var h))
        {
            error = $"'{text}' is not WxH (for example 416x416)";
            return false;
        }
        if (w < 32 || h < 32 || w % 32 != 0 || h % 32 != 0 || w > 4096 || h > 4096)
        {
            error = $"'{text}': width and height must be multiples of 32 between 32 and 4096";
            return false;
        }
        size = new InputSize(w, h);
        error = "";
        return true;
    }

    public override string ToString() => $"{Width}x{Height}";
}
