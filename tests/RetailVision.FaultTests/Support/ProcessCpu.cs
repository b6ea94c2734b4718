namespace RetailVision.FaultTests.Support;

/// <summary>
/// The CPU time a process has used (user and system, from /proc/{pid}/stat): what an attack cost the aggregator, a
/// figure that other work on a shared machine disturbs less than the attack's wall time.
/// </summary>
public static class ProcessCpu
{
    // Linux reports these fields in clock ticks, 100 a second on every usual kernel configuration.
    private const double TicksPerSecond = 100;

    public static double Seconds(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields from after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
