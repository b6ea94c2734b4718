using OpenCvSharp;

namespace RetailVision.Edge.Inference;

/// <summary>
/// Turns a BGR frame into the model's input: letterbox resize into a preallocated canvas, then normalise and
/// reorder HWC bytes into CHW floats straight into the input tensor. Allocates nothing per frame once the frame size
/// is known.
/// </summary>
public sealed class FramePreprocessor : IDisposable
{
    private readonly int _width;
    private readonly int _height;
    private readonly bool _centered;
    private readonly float[] _scale = new float[3];
    private readonly float[] _offset = new float[3];
    private readonly Mat _canvas;
    private Mat? _roi;
    private LetterboxTransform _transform;

    public FramePreprocessor(DetectorSettings settings)
    {
        _width = settings.InputWidth;
        _height = settings.InputHeight;
        _centered = settings.CenterLetterbox;
        for (var c = 0; c < 3; c++)
        {
            // (x − mean) / std as one multiply-add per value.
            _scale[c] = 1f / settings.StdBgr[c];
            _offset[c] = -settings.MeanBgr[c] / settings.StdBgr[c];
        }
        _canvas = new Mat(_height, _width, MatType.CV_8UC3, Scalar.All(0));
    }

    /// <summary>Writes one frame as CHW floats into <paramref name="destination"/> (3 × H × W values).</summary>
    public LetterboxTransform Run(Mat frame, Span<float> destination)
    {
        if (frame.Type() != MatType.CV_8UC3) throw new ArgumentException($"expected an 8-bit BGR frame, got {frame.Type()}");
        var plane = _width * _height;
        if (destination.Length < 3 * plane) throw new ArgumentException($"destination holds {destination.Length} floats, needs {3 * plane}");
        if (_roi is null || _transform.FrameWidth != frame.Width || _transform.FrameHeight != frame.Height)
        {
            _transform = LetterboxTransform.For(frame.Width, frame.Height, _width, _height, _centered);
            _roi?.Dispose();
            _canvas.SetTo(Scalar.All(0));
            _roi = new Mat(_canvas, new Rect(_transform.OffsetX, _transform.OffsetY, _transform.ScaledWidth, _transform.ScaledHeight));
        }
        Cv2.Resize(frame, _roi, new Size(_transform.ScaledWidth, _transform.ScaledHeight), 0, 0, InterpolationFlags.Linear);
        WriteChw(destination, plane);
        return _transform;
    }

    private unsafe void WriteChw(Span<float> destination, int plane)
    {
        var src = (byte*)_canvas.DataPointer;
        float s0 = _scale[0], s1 = _scale[1], s2 = _scale[2];
        float o0 = _offset[0], o1 = _offset[1], o2 = _offset[2];
        fixed (float* dst = destination)
        {
            float* b = dst, g = dst + plane, r = dst + 2 * plane;
            for (var i = 0; i < plane; i++)
            {
                var p = src + i * 3;
                b[i] = p[0] * s0 + o0;
                g[i] = p[1] * s1 + o1;
                r[i] = p[2] * s2 + o2;
            }
        }
    }

    public void Dispose()
    {
        _roi?.Dispose();
        _canvas.Dispose();
    }
}
