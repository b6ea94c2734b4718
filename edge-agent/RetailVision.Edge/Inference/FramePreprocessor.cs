using OpenCvSharp;
using OpenCvSharp.Internal;

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
    // OpenCvSharp wraps a Mat in a new array object on every call; keeping the wrappers makes resizing allocation-free.
    private readonly (Mat? Frame, InputArray? Array)[] _frameArrays = new (Mat?, InputArray?)[4];
    private int _nextFrameArray;
    private Mat? _roi;
    private OutputArray? _roiArray;
    private nint _paddedDestination;
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
            _roiArray?.Dispose();
            _roi?.Dispose();
            _canvas.SetTo(Scalar.All(0));
            _roi = new Mat(_canvas, new Rect(_transform.OffsetX, _transform.OffsetY, _transform.ScaledWidth, _transform.ScaledHeight));
            _roiArray = OutputArray.Create(_roi);
            _paddedDestination = 0;
        }
        // Cv2.Resize would dispose the output wrapper after each call; the native call keeps it for the next frame.
        NativeMethods.HandleException(NativeMethods.imgproc_resize(ArrayOf(frame).CvPtr, _roiArray!.CvPtr,
            new Size(_transform.ScaledWidth, _transform.ScaledHeight), 0, 0, (int)InterpolationFlags.Linear));
        GC.KeepAlive(frame);
        WriteChw(destination, plane);
        return _transform;
    }

    // Frames come from a few reused buffers, so a handful of cached wrappers covers them all.
    private InputArray ArrayOf(Mat frame)
    {
        foreach (var (cached, array) in _frameArrays)
            if (ReferenceEquals(cached, frame)) return array!;
        ref var slot = ref _frameArrays[_nextFrameArray];
        _nextFrameArray = (_nextFrameArray + 1) % _frameArrays.Length;
        slot.Array?.Dispose();
        slot = (frame, InputArray.Create(frame));
        return slot.Array;
    }

    // The padding never changes, so only the first frame into a destination (or after the frame size changed) writes
    // it; later frames rewrite just the rows the scaled frame covers.
    private unsafe void WriteChw(Span<float> destination, int plane)
    {
        var src = (byte*)_canvas.DataPointer;
        float s0 = _scale[0], s1 = _scale[1], s2 = _scale[2];
        float o0 = _offset[0], o1 = _offset[1], o2 = _offset[2];
        fixed (float* dst = destination)
        {
            var whole = (nint)dst != _paddedDestination;
            var first = whole ? 0 : _transform.OffsetY * _width;
            var last = whole ? plane : (_transform.OffsetY + _transform.ScaledHeight) * _width;
            float* b = dst, g = dst + plane, r = dst + 2 * plane;
            for (var i = first; i < last; i++)
            {
                var p = src + i * 3;
                b[i] = p[0] * s0 + o0;
                g[i] = p[1] * s1 + o1;
                r[i] = p[2] * s2 + o2;
            }
            _paddedDestination = (nint)dst;
        }
    }

    public void Dispose()
    {
        foreach (var (_, array) in _frameArrays) array?.Dispose();
        _roiArray?.Dispose();
        _roi?.Dispose();
        _canvas.Dispose();
    }
}
