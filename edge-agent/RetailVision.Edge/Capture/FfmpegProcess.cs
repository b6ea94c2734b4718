using System.ComponentModel;
using System.Diagnostics;

namespace RetailVision.Edge.Capture;

/// <summary>Starts ffmpeg and ffprobe with redirected output, turning a missing binary into a message that says what to install.</summary>
internal static class FfmpegProcess
{
    public static Process Start(string executable, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        try
        {
            return Process.Start(info) ?? throw new DecoderUnavailableException($"'{executable}' did not start");
        }
        catch (Win32Exception ex)
        {
            throw new DecoderUnavailableException(
                $"'{executable}' cannot be started ({ex.Message}): install Debian's ffmpeg package (deploy/install-deps.sh) or set the decoder to opencv", ex);
        }
    }

    /// <summary>Kills the process if it still runs; safe when it has already exited.</summary>
    public static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }
}
