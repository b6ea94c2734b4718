using System.Runtime.InteropServices;
using OpenCvSharp;
using RetailVision.Models.Manifest;

namespace RetailVision.Models.Tests.Support;

/// <summary>
/// Makes model input from video frames as the manifest describes: letterbox, channel order,
/// (pixel − mean) / std, NCHW float32. Deliberately plain: it only has to feed both runtimes alike.
/// </summary>
public static class FrameInputBuilder
{
    public const string SampleVideo = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    /// <summary>Reads the frames at the given 0-based indices, in order.</summary>
    public static List<Mat> ReadFrames(string path, IReadOnlyCollection<int> indices)
    {
        Assert.True(File.Exists(path), $"{path} is missing: apt-get install -y opencv-doc");
        using var capture = new VideoCapture(path);
        Assert.True(capture.IsOpened(), $"cannot open {path}");
        var frames = new List<Mat>();
        using var frame = new Mat();
        for (var index = 0; frames.Count < indices.Count && capture.Read(frame); index++)
        {
            if (indices.Contains(index))
            {
                frames.Add(frame.Clone());
            }
        }

        Assert.Equal(indices.Count, frames.Count);
        return frames;
    }

    public static float[] Build(IReadOnlyList<Mat> frames, InputSpec spec)
    {
        var planeSize = spec.Width * spec.Height;
        var input = new float[frames.Count * 3 * planeSize];
        for (var n = 0; n < frames.Count; n++)
        {
            using var canvas = Letterbox(frames[n], spec);
            var pixels = new byte[planeSize * 3];
            Marshal.Copy(canvas.Data, pixels, 0, pixels.Length);
            for (var c = 0; c < 3; c++)
            {
                // Frames are BGR; for an RGB model channel c reads BGR byte 2 − c.
                var source = spec.ChannelOrder == "BGR" ? c : 2 - c;
                var offset = (n * 3 + c) * planeSize;
                for (var i = 0; i < planeSize; i++)
                {
                    input[offset + i] = (pixels[i * 3 + source] - spec.Mean[c]) / spec.Std[c];
                }
            }
        }

        return input;
    }

    private static Mat Letterbox(Mat frame, InputSpec spec)
    {
        var scale = Math.Min((double)spec.Width / frame.Width, (double)spec.Height / frame.Height);
        var (width, height) = spec.Letterbox.KeepAspect
            ? ((int)Math.Round(frame.Width * scale), (int)Math.Round(frame.Height * scale))
            : (spec.Width, spec.Height);
        var canvas = new Mat(spec.Height, spec.Width, MatType.CV_8UC3, Scalar.All(spec.Letterbox.PadValue));
        var (left, top) = spec.Letterbox.Anchor == "center" ? ((spec.Width - width) / 2, (spec.Height - height) / 2) : (0, 0);
        using var resized = new Mat();
        Cv2.Resize(frame, resized, new Size(width, height), interpolation: InterpolationFlags.Linear);
        using var region = new Mat(canvas, new Rect(left, top, width, height));
        resized.CopyTo(region);
        return canvas;
    }
}
