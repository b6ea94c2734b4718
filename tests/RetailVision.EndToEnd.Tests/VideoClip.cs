using OpenCvSharp;
using RetailVision.Tests.Shared;

namespace RetailVision.EndToEnd.Tests;

/// <summary>Cuts the first frames of the real vtest.avi into a short MJPG clip, so a whole `run` takes seconds.</summary>
public static class VideoClip
{
    public static string FromVtest(string directory, int frames)
    {
        var path = Path.Combine(directory, $"vtest-first-{frames}.avi");
        using var capture = new VideoCapture(TestRepository.VtestVideo);
        using var writer = new VideoWriter(path, FourCC.MJPG, 10, new Size(capture.FrameWidth, capture.FrameHeight));
        using var frame = new Mat();
        for (var i = 0; i < frames && capture.Read(frame); i++) writer.Write(frame);
        return path;
    }

    /// <summary>The demo store's configuration with another video, broker port and store id, written next to the clip.</summary>
    public static string StoreConfig(string directory, string video, int brokerPort, string? username = null, string? password = null)
    {
        var json = File.ReadAllText(TestRepository.DemoStoreConfig)
            .Replace(TestRepository.VtestVideo, video)
            .Replace("\"port\": 1883", $"\"port\": {brokerPort}" + (username is null ? "" : $", \"username\": \"{username}\", \"password\": \"{password}\""));
        var path = Path.Combine(directory, "store.json");
        File.WriteAllText(path, json);
        return path;
    }
}
