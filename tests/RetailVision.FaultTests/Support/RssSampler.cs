namespace RetailVision.FaultTests.Support;

/// <summary>
/// Samples a process's resident memory (VmRSS in /proc/{pid}/status) every few milliseconds while an attack runs, so a
/// short-lived peak counts, not only what is left afterwards.
/// </summary>
public sealed class RssSampler : IAsyncDisposable
{
    private readonly int _processId;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public RssSampler(int processId)
    {
        _processId = processId;
        Baseline = Peak = Read(processId);
        _sampling = SampleAsync();
    }

    public long Baseline { get; }

    public long Peak { get; private set; }

    public int Samples { get; private set; }

    public static long Read(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>
    /// Waits until the process's resident memory is back within <paramref name="tolerance"/> of <paramref name="baseline"/>;
    /// how long that took, or null when it was not back within <paramref name="timeout"/>, and the last reading.
    /// </summary>
    public static async Task<(TimeSpan? After, long Rss)> WaitForReturnAsync(int processId, long baseline, long tolerance, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var rss = Read(processId);
            if (rss <= baseline + tolerance) return (clock.Elapsed, rss);
            if (clock.Elapsed > timeout) return (null, rss);
            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Peak = Math.Max(Peak, Read(_processId));
            Samples++;
            try
            {
                await Task.Delay(20, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
