namespace RetailVision.FaultTests.Support;

/// <summary>Polls a condition of the running processes until it holds or the time is up.</summary>
public static class Eventually
{
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition()) return clock.Elapsed;
            await Task.Delay(250);
        }
        throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0} s");
    }
}
