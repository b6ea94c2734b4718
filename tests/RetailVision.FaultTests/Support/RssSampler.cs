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
    /// Samples once a second until the resident memory is at most <paramref name="limit"/> or the time is up: what it
    /// came down to (the lowest sample) and how long that took.
    /// </summary>
    public static async Task<(long Lowest, TimeSpan After)> SettleAsync(int processId, long limit, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lowest = Read(processId);
        while (lowest > limit && clock.Elapsed < timeout)
        {
            await Task.Delay(1000);
            lowest = Math.Min(lowest, Read(processId));
        }
        return (lowest, clock.Elapsed);
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
