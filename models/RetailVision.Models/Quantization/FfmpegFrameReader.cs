using System.Diagnostics;
using System.Globalization;
using RetailVision.Models.Manifest;

namespace RetailVision.Models.Quantization;

/// <summary>
/// Reads video frames as model input with Debian's <c>ffmpeg</c>: letterboxed inside ffmpeg (scale keeping the aspect
/// ratio, pad with the manifest's pad value at its anchor), delivered as raw BGR bytes, then ordered and normalised
/// with the manifest's mean/std into NCHW float32. Independent of the edge agent's OpenCV preprocessing on purpose:
/// calibration and tests need the same input, not the same code.
/// </summary>
public static class FfmpegFrameReader
{
    /// <summary>
    /// Yields (1-based frame number, [1,3,H,W] input) for the wanted frames among the first <paramref name="lastFrame"/>.
    /// The buffer is reused between frames: copy it to keep it.
    /// </summary>
    public static IEnumerable<(int Frame, float[] Input)> Read(
        string video, InputSpec spec, int lastFrame, Func<int, bool> wanted, string ffmpeg = "ffmpeg")
    {
        if (!File.Exists(video))
        {
            throw new FileNotFoundException($"video {video} does not exist", video);
        }

        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "-nostdin", "-v", "error", "-i", video, "-vf", LetterboxFilter(spec),
                     "-frames:v", lastFrame.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", "bgr24", "-",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {ffmpeg}");
        var errors = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.BaseStream;
        var pixels = new byte[spec.Width * spec.Height * 3];
        var input = new float[pixels.Length];
        var frame = 0;
        try
        {
            while (frame < lastFrame && ReadExactly(stdout, pixels))
            {
                frame++;
                if (wanted(frame))
                {
                    Normalise(pixels, spec, input);
                    yield return (frame, input);
                }
            }
        }
        finally
        {
            // A reader that stops early must not leave ffmpeg blocked on a full pipe.
            if (frame < lastFrame && !process.HasExited)
            {
                process.Kill();
            }
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{ffmpeg} failed on {video} ({process.ExitCode}): {errors.Result.Trim()}");
        }

        if (frame < lastFrame)
        {
            throw new InvalidOperationException($"{video} has only {frame} frames, {lastFrame} were asked for");
        }
    }

    /// <summary>ffmpeg's scale+pad chain for the manifest's letterbox, e.g. centred on black.</summary>
    public static string LetterboxFilter(InputSpec spec)
    {
        var (w, h) = (spec.Width, spec.Height);
        var fit = spec.Letterbox.KeepAspect ? ":force_original_aspect_ratio=decrease" : "";
        var (x, y) = spec.Letterbox.Anchor == "center" ? ("(ow-iw)/2", "(oh-ih)/2") : ("0", "0");
        var grey = (int)Math.Clamp(MathF.Round(spec.Letterbox.PadValue), 0, 255);
        return string.Create(CultureInfo.InvariantCulture, $"scale={w}:{h}{fit}:flags=bilinear,pad={w}:{h}:{x}:{y}:color=0x{grey:X2}{grey:X2}{grey:X2}");
    }

    private static void Normalise(byte[] bgr, InputSpec spec, float[] destination)
    {
        var plane = spec.Width * spec.Height;
        for (var c = 0; c < 3; c++)
        {
            // Pixels are BGR; an RGB model's channel c is BGR byte 2 − c.
            var source = spec.ChannelOrder == "BGR" ? c : 2 - c;
            var scale = 1f / spec.Std[c];
            var offset = -spec.Mean[c] / spec.Std[c];
            var target = destination.AsSpan(c * plane, plane);
            for (var i = 0; i < plane; i++)
            {
                target[i] = bgr[i * 3 + source] * scale + offset;
            }
        }
    }

    private static bool ReadExactly(Stream stream, byte[] buffer)
    {
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return read == buffer.Length;
    }
}
