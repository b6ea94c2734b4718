using System.Diagnostics;

namespace RetailVision.FaultTests.Support;

/// <summary>The CPU time a process has used (user + system, from /proc), to tell how much of a core it took over a window.</summary>
public static class CpuSampler
{
    public static TimeSpan Used(int processId)
    {
        using var process = Process.GetProcessById(processId);
        return process.TotalProcessorTime;
    }

    /// <summary>Share of one core the process used over <paramref name="window"/>, measured from now.</summary>
    public static async Task<double> ShareOfCoreAsync(int processId, TimeSpan window)
    {
        var clock = Stopwatch.StartNew();
        var before = Used(processId);
        await Task.Delay(window);
        return (Used(processId) - before) / clock.Elapsed;
    }
}
