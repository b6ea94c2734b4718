using RetailVision.Edge.Tracking;

namespace RetailVision.Edge.Heatmaps;

/// <summary>
/// Where people spend time on one camera's image: a grid of person-seconds per cell, accumulated at each person's
/// foot point. Each frame adds the time it stands for, so the result does not depend on the frame rate.
/// </summary>
public sealed class OccupancyHeatmap
{
    private readonly int _frameWidth;
    private readonly int _frameHeight;
    private readonly int _columns;
    private readonly int _rows;
    // Sums are kept in double: a float cell that has reached hours stops registering 40 ms frames accurately.
    private readonly double[] _seconds;
    private readonly float[] _cells;

    public OccupancyHeatmap(int frameWidth, int frameHeight, int columns, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        (_frameWidth, _frameHeight, _columns, _rows) = (frameWidth, frameHeight, columns, rows);
        _seconds = new double[columns * rows];
        _cells = new float[columns * rows];
    }

    /// <summary>Person-seconds per cell, row-major from the top-left cell.</summary>
    public ReadOnlySpan<float> Cells => _cells;

    public double TotalPersonSeconds { get; private set; }

    /// <summary>Adds <paramref name="dtSeconds"/> (the time this frame stands for) to the cell under each person's feet.</summary>
    public void Accumulate(ReadOnlySpan<TrackedPerson> tracks, double dtSeconds)
    {
        foreach (var track in tracks)
        {
            var foot = track.Box.FootPoint;
            var cell = Row(foot.Y) * _columns + Column(foot.X);
            _seconds[cell] += dtSeconds;
            _cells[cell] = (float)_seconds[cell];
            TotalPersonSeconds += dtSeconds;
        }
    }

    /// <summary>Adds another heatmap's cells (same grid), e.g. a closed period into a running total.</summary>
    public void Add(ReadOnlySpan<float> cells)
    {
        if (cells.Length != _cells.Length) throw new ArgumentException($"expected {_cells.Length} cells, got {cells.Length}", nameof(cells));
        for (var i = 0; i < cells.Length; i++)
        {
            _seconds[i] += cells[i];
            _cells[i] = (float)_seconds[i];
            TotalPersonSeconds += cells[i];
        }
    }

    public void CopyTo(Span<float> destination) => _cells.CopyTo(destination);

    public void Reset()
    {
        Array.Clear(_seconds);
        Array.Clear(_cells);
        TotalPersonSeconds = 0;
    }

    // Feet outside the image (boxes cut by the frame edge, predictions drifting off) count in the nearest edge cell.
    private int Column(float x) => Math.Clamp((int)Math.Floor((double)x * _columns / _frameWidth), 0, _columns - 1);

    private int Row(float y) => Math.Clamp((int)Math.Floor((double)y * _rows / _frameHeight), 0, _rows - 1);
}
