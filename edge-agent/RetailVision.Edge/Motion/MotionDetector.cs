using OpenCvSharp;

namespace RetailVision.Edge.Motion;

/// <summary>
/// Measures how much of a frame changed since a reference frame: the BGR image is averaged into a coarse grid of
/// brightness cells (which smooths sensor noise) and a cell counts as changed when its mean moved by more than
/// <see cref="MotionGateSettings.CellDelta"/>. Works on the raw pixel rows, so it allocates nothing per frame.
/// </summary>
public sealed class MotionDetector
{
    private readonly MotionGateSettings _settings;
    private int[] _current;
    private int[] _reference;
    private bool _hasReference;

    public MotionDetector(MotionGateSettings settings)
    {
        _settings = settings;
        _current = new int[settings.Columns * settings.Rows];
        _reference = new int[_current.Length];
    }

    /// <summary>Fraction of grid cells of an 8-bit BGR frame whose brightness changed against the reference.</summary>
    public unsafe double Measure(Mat frame)
    {
        if (frame.Type() != MatType.CV_8UC3) throw new ArgumentException($"expected an 8-bit BGR frame, got {frame.Type()}");
        var step = (int)frame.Step();
        return Measure(new ReadOnlySpan<byte>((void*)frame.DataPointer, step * frame.Rows), frame.Cols, frame.Rows, step);
    }

    /// <summary>
    /// Fraction of grid cells whose brightness changed against the reference (1 when there is none yet).
    /// <paramref name="bgr"/> holds <paramref name="height"/> rows of <paramref name="step"/> bytes, 3 bytes per pixel.
    /// </summary>
    public double Measure(ReadOnlySpan<byte> bgr, int width, int height, int step)
    {
        int columns = _settings.Columns, rows = _settings.Rows;
        if (width < columns || height < rows) throw new ArgumentException($"frame {width}x{height} is smaller than the motion grid {columns}x{rows}");
        Array.Clear(_current);
        // Every other row and pixel is enough for a mean; each cell sums the same number of samples, so sums compare.
        for (var y = 0; y < height; y += 2)
        {
            var cellRow = y * rows / height * columns;
            var row = bgr.Slice(y * step, width * 3);
            for (var x = 0; x < width; x += 2)
            {
                var p = x * 3;
                _current[cellRow + x * columns / width] += row[p] + 2 * row[p + 1] + row[p + 2];
            }
        }
        if (!_hasReference) return 1;
        // Samples per cell × 4 (the brightness weights) turns a mean delta into a sum delta.
        var samples = (double)((width + 1) / 2) * ((height + 1) / 2) / (columns * rows);
        var threshold = _settings.CellDelta * 4 * samples;
        var changed = 0;
        for (var i = 0; i < _current.Length; i++)
            if (Math.Abs(_current[i] - _reference[i]) > threshold) changed++;
        return (double)changed / _current.Length;
    }

    /// <summary>Makes the last measured frame the one later frames are compared with.</summary>
    public void AcceptAsReference()
    {
        (_current, _reference) = (_reference, _current);
        _hasReference = true;
    }
}
