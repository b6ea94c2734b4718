using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using RetailVision.Tests.Shared;

namespace RetailVision.FaultTests.Support;

/// <summary>
/// The built retailvision-aggregator as its own process, on a fixed database file, broker port and HTTP port, so a
/// restart after SIGKILL finds everything where the edge and the tests expect it.
/// </summary>
public sealed class AggregatorProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly string[] _arguments;
    private readonly string _logPath;
    private ChildProcess? _process;
    private IngestFigures _earlierLives = IngestFigures.Zero;

    /// <param name="settings">Aggregator settings as <c>--Key=value</c> arguments, besides the database, the ports and logging.</param>
    public AggregatorProcess(string directory, IEnumerable<string> settings, int brokerPort)
    {
        BrokerPort = brokerPort;
        DatabasePath = Path.Combine(directory, "aggregator.db");
        _logPath = Path.Combine(directory, "aggregator.log");
        var httpPort = FreePort.Next();
        Http = ApiTokens.Client(new Uri($"http://127.0.0.1:{httpPort}"), ApiTokens.Admin, TimeSpan.FromSeconds(30));
        _arguments =
        [
            Binaries.Aggregator,
            $"--Aggregator:DatabasePath={DatabasePath}",
            $"--Aggregator:Broker:Port={brokerPort}",
            $"--urls=http://127.0.0.1:{httpPort}",
            // A warning per batch of dead letters would still fill the log in the malformed-input test.
            "--Logging:LogLevel:RetailVision.Aggregator.Ingest.IngestWriter=Error",
            .. ApiTokens.AdminSettings,
            .. settings,
        ];
    }

    public string DatabasePath { get; }

    /// <summary>The process's output: the attack tests count what it logged.</summary>
    public string LogPath => _logPath;

    /// <summary>The running process (<c>dotnet</c> runs the aggregator in its own process), for reading its memory from /proc.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("the aggregator is not started");

    public int BrokerPort { get; }

    public HttpClient Http { get; }

    public bool IsRunning => _process is { HasExited: false };

    public int Starts { get; private set; }

    /// <summary>Starts the process and waits until /health answers 200 (broker listening or subscribed, database open).</summary>
    public async Task StartAsync()
    {
        _process?.Dispose();
        _process = ChildProcess.Start("dotnet", _arguments, _logPath);
        Starts++;
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the aggregator exited with {_process.ExitCode} at start-up; see {_logPath}");
            try
            {
                using var response = await Http.GetAsync("/health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the aggregator was not healthy {StartTimeout.TotalSeconds} s after start; see {_logPath}");
    }

    /// <summary>SIGKILL, after reading the counters of this lifetime (what the process counts after that read is lost with it).</summary>
    public async Task KillAsync()
    {
        if (!IsRunning) return;
        try
        {
            _earlierLives += await CountersAsync();
        }
        catch (HttpRequestException)
        {
            // Its counters are lost with it; the stored rows are what the tests judge by.
        }
        _process!.Kill();
    }

    /// <summary>SIGTERM, as systemd or a container runtime stops a service; returns how long the process took to exit, or null if it had not within <paramref name="timeout"/>.</summary>
    public async Task<TimeSpan?> TerminateAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("the aggregator is not started");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (Signal(process.Id, SigTerm) != 0) throw new InvalidOperationException($"kill({process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}");
        return await process.WaitForExitAsync(timeout) ? clock.Elapsed : null;
    }

    /// <summary>The exit code of the process once it has exited.</summary>
    public int ExitCode => _process is { HasExited: true } process ? process.ExitCode : throw new InvalidOperationException("the aggregator has not exited");

    /// <summary>The ingest counters summed over every lifetime of the process, as far as they could be read.</summary>
    public async Task<IngestFigures> TotalCountersAsync() => _earlierLives + (IsRunning ? await CountersAsync() : IngestFigures.Zero);

    /// <summary>The ingest counters of the running process (they restart at zero with it).</summary>
    public async Task<IngestFigures> CountersAsync()
    {
        var health = await Http.GetFromJsonAsync<JsonElement>("/health");
        var counters = health.GetProperty("counters");
        return new IngestFigures(counters.GetProperty("stored").GetInt64(), counters.GetProperty("duplicates").GetInt64(),
            counters.GetProperty("deadLettered").GetInt64(), counters.GetProperty("storageFailures").GetInt64());
    }

    /// <summary>The event ids the API returns for a store, with repeats if any row were stored twice.</summary>
    public async Task<IReadOnlyList<Guid>> StoredEventIdsAsync(string storeId)
    {
        using var response = await Http.GetAsync($"/api/stores/{storeId}/events?limit=10000");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        var events = await response.Content.ReadFromJsonAsync<JsonElement>();
        return events.EnumerateArray().Select(e => e.GetProperty("eventId").GetGuid()).ToList();
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Signal(int pid, int signal);

    public void Dispose()
    {
        _process?.Dispose();
        Http.Dispose();
    }
}
