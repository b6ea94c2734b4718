using System.Diagnostics;

namespace RetailVision.Edge.Cli.Bench;

/// <summary>CPU time of this process plus its live child processes (the ffmpeg decoders), read from /proc.</summary>
internal static class ProcessCpu
{
    public static TimeSpan WithChildren()
    {
        using var self = Process.GetCurrentProcess();
        var total = self.TotalProcessorTime;
        var ticksPerSecond = 100.0; // USER_HZ on Linux
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            // Fields after the command name (which may hold spaces) start at ") ": state ppid ... utime(14) stime(15).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length < 13 || fields[1] != Environment.ProcessId.ToString()) continue;
            total += TimeSpan.FromSeconds((long.Parse(fields[11]) + long.Parse(fields[12])) / ticksPerSecond);
        }
        return total;
    }
}
