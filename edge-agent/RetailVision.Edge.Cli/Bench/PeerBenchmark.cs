using System.Diagnostics;
using System.Text.Json;

namespace RetailVision.Edge.Cli.Bench;

/// <summary>What the peer (the same NanoDet through @vladmandic/human on TF.js wasm in Node) achieved.</summary>
internal sealed record PeerSample(double FramesPerSecond, int Workers, int Frames, bool Simd, string Peer);

/// <summary>
/// Runs edge-agent/peer-bench (installing its npm packages first when missing) and reads the JSON line it prints last.
/// </summary>
internal static class PeerBenchmark
{
    public static PeerSample Run(string repositoryRoot, string video, int frames, int workers)
    {
        var folder = Path.Combine(repositoryRoot, "edge-agent", "peer-bench");
        if (!File.Exists(Path.Combine(folder, "run.js"))) throw new FileNotFoundException($"peer benchmark not found in {folder}");
        if (!Directory.Exists(Path.Combine(folder, "node_modules"))) Execute("bash", [Path.Combine(folder, "install.sh")], repositoryRoot);
        var output = Execute("node", [Path.Combine(folder, "run.js"), "--video", video, "--frames", frames.ToString(), "--workers", workers.ToString()], repositoryRoot);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
                   ?? throw new InvalidDataException("the peer benchmark printed nothing");
        using var json = JsonDocument.Parse(last);
        var root = json.RootElement;
        return new PeerSample(root.GetProperty("fps").GetDouble(), root.GetProperty("workers").GetInt32(), root.GetProperty("frames").GetInt32(),
            root.TryGetProperty("simd", out var simd) && simd.GetBoolean(), root.GetProperty("peer").GetString() ?? "peer");
    }

    private static string Execute(string program, string[] arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result.Trim().Split('\n').LastOrDefault()}");
        return stdout;
    }
}
