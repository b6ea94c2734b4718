using System.Globalization;
using System.Text.Json;

namespace RetailVision.Edge.Capture;

/// <summary>Asks ffprobe for the size, frame rate and frame count of a source before ffmpeg starts piping frames.</summary>
internal static class FfmpegProbe
{
    private const double DefaultFramesPerSecond = 25;

    public static VideoStreamInfo Run(VideoSourceUri source, CaptureOptions options)
    {
        var arguments = new List<string> { "-v", "error", "-of", "json", "-select_streams", "v:0", "-show_entries", "stream=width,height,avg_frame_rate,r_frame_rate,nb_frames" };
        FfmpegInput.Add(arguments, source);
        using var process = FfmpegProcess.Start(options.FfprobePath, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(options.ProbeTimeout))
        {
            FfmpegProcess.Stop(process);
            throw new IOException($"cannot open video source '{source}': no answer within {options.ProbeTimeout.TotalSeconds:0.#} s");
        }
        process.WaitForExit();
        var error = errors.Result.Trim();
        if (process.ExitCode != 0)
            throw new IOException($"cannot open video source '{source}': {(error.Length > 0 ? LastLine(error) : $"ffprobe exited with code {process.ExitCode}")}");
        return Parse(output.Result) ?? throw new IOException($"cannot open video source '{source}': no video stream");
    }

    public static VideoStreamInfo? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0) return null;
        var stream = streams[0];
        if (!stream.TryGetProperty("width", out var width) || !stream.TryGetProperty("height", out var height)) return null;
        // avg_frame_rate is what the stream really delivers; r_frame_rate can be a timebase-like guess (90000/1) for RTP.
        var fps = Rate(stream, "avg_frame_rate") ?? Rate(stream, "r_frame_rate") ?? DefaultFramesPerSecond;
        int? frames = stream.TryGetProperty("nb_frames", out var count) && int.TryParse(count.GetString(), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
        return new VideoStreamInfo(width.GetInt32(), height.GetInt32(), fps, frames);
    }

    private static double? Rate(JsonElement stream, string name)
    {
        if (!stream.TryGetProperty(name, out var value)) return null;
        var text = value.GetString() ?? "";
        var slash = text.IndexOf('/');
        if (slash <= 0
            || !double.TryParse(text.AsSpan(0, slash), CultureInfo.InvariantCulture, out var numerator)
            || !double.TryParse(text.AsSpan(slash + 1), CultureInfo.InvariantCulture, out var denominator)
            || denominator == 0) return null;
        var fps = numerator / denominator;
        return fps is > 0 and <= 240 ? fps : null;
    }

    private static string LastLine(string text) => text[(text.LastIndexOf('\n') + 1)..];
}
