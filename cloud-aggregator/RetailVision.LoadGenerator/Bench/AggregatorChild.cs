using RetailVision.LoadGenerator.LocalServices;

namespace RetailVision.LoadGenerator.Bench;

/// <summary>The built retailvision-aggregator as a process of its own, started with settings and healthy once this returns.</summary>
public sealed class AggregatorChild : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ChildProcess _process;
    private bool _stopped;

    private AggregatorChild(ChildProcess process, Uri httpAddress)
    {
        _process = process;
        HttpAddress = httpAddress;
    }

    /// <summary>Where its HTTP API and dashboard listen.</summary>
    public Uri HttpAddress { get; }

    /// <param name="settings">Aggregator settings as <c>--Key=value</c> arguments, besides the HTTP port and logging.</param>
    public static async Task<AggregatorChild> StartAsync(string directory, IEnumerable<string> settings)
    {
        Directory.CreateDirectory(directory);
        var log = Path.Combine(directory, "aggregator.log");
        var httpPort = FreePort.Next();
        var process = ChildProcess.Start("dotnet",
            [RepositoryLayout.AggregatorDll, $"--urls=http://127.0.0.1:{httpPort}", "--Logging:LogLevel:Default=Warning", .. settings], log);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                var exitCode = process.ExitCode;
                process.Dispose();
                throw new InvalidOperationException($"the aggregator exited with {exitCode} at start-up; see {log}");
            }
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.IsSuccessStatusCode) return new AggregatorChild(process, http.BaseAddress);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        process.Dispose();
        throw new TimeoutException($"the aggregator was not healthy {StartTimeout.TotalSeconds} s after start; see {log}");
    }

    /// <summary>Stops it (SIGKILL: what it acknowledged is committed, so nothing depends on a clean shutdown).</summary>
    public void Dispose()
    {
        if (_stopped) return;
        _stopped = true;
        _process.Dispose();
    }
}
