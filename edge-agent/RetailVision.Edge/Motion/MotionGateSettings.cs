namespace RetailVision.Edge.Motion;

/// <summary>When a camera's detector may be skipped because its image has not changed.</summary>
public sealed record MotionGateSettings
{
    /// <summary>Grid the frame is averaged into before comparing (cells across).</summary>
    public int Columns { get; init; } = 64;

    /// <summary>Grid cells down.</summary>
    public int Rows { get; init; } = 48;

    /// <summary>A cell has changed when its mean brightness moved by more than this (0–255): above sensor noise and compression flicker.</summary>
    public int CellDelta { get; init; } = 12;

    /// <summary>The image has changed when more than this fraction of cells did.</summary>
    public double MinChangedFraction { get; init; } = 0.002;

    /// <summary>The detector runs at least this often even in a still image, so slow changes are never missed for long.</summary>
    public double MaxSkipSeconds { get; init; } = 10;

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Validate() =>
        Columns is < 4 or > 512 || Rows is < 4 or > 512 ? "columns and rows must be 4–512"
        : CellDelta is < 1 or > 255 ? "cellDelta must be 1–255"
        : MinChangedFraction is < 0 or > 1 ? "minChangedFraction must be 0–1"
        : MaxSkipSeconds is < 0 or > 3600 ? "maxSkipSeconds must be 0–3600"
        : null;
}
