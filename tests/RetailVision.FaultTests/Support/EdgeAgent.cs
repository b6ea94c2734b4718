using RetailVision.EndToEnd.Tests;
using RetailVision.Tests.Shared;

namespace RetailVision.FaultTests.Support;

/// <summary>
/// The built retailvision-edge `run` for one store, as its own process. Two configurations share one folder and so one
/// outbox (data/{store}/outbox.db beside them): the live one loops the whole vtest.avi forever, so events keep coming
/// until the test kills it; the drain one plays a few frames once, so its run ends as soon as the outbox is empty.
/// Every run appends to the same audit file: the events the edge recorded.
/// </summary>
public sealed class EdgeAgent : IDisposable
{
    private const int DrainClipFrames = 5;
    private readonly string _directory;
    private readonly string _liveConfig;
    private readonly string _drainConfig;
    private ChildProcess? _process;

    /// <param name="realtime">
    /// Play the live video at its own 10 fps, as a camera delivers it, instead of as fast as the detector goes: one
    /// core of two stays free for the other processes of a test.
    /// </param>
    public EdgeAgent(string directory, string storeId, int brokerPort, string? username, string? password, bool realtime = false)
    {
        _directory = directory;
        StoreId = storeId;
        AuditPath = Path.Combine(directory, "audit.jsonl");
        _liveConfig = WriteConfig("store-live.json", TestRepository.VtestVideo, loop: true, realtime, storeId, brokerPort, username, password);
        _drainConfig = WriteConfig("store-drain.json", VideoClip.FromVtest(directory, DrainClipFrames), loop: false, realtime: false, storeId, brokerPort,
            username, password);
    }

    public string StoreId { get; }

    public string AuditPath { get; }

    public int Runs { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the looping run; it produces events until killed.</summary>
    public void Start() => _process = StartRun(_liveConfig);

    /// <summary>SIGKILL: whatever was mid-way (an insert, a publish, an audit line) stays that way.</summary>
    public void Kill() => _process?.Kill();

    /// <summary>
    /// Runs the short clip once and waits for it to exit: it first sends whatever an earlier run left in the outbox
    /// and exits 0 only when the broker acknowledged everything.
    /// </summary>
    public async Task<int> DrainAsync(TimeSpan timeout)
    {
        Kill();
        _process = StartRun(_drainConfig, "--flush-timeout", timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!await _process.WaitForExitAsync(timeout + TimeSpan.FromSeconds(60)))
            throw new TimeoutException($"the edge's drain run did not end; see {_directory}/edge.log");
        return _process.ExitCode;
    }

    public void Dispose() => _process?.Dispose();

    private ChildProcess StartRun(string config, params string[] extra)
    {
        _process?.Dispose();
        Runs++;
        return ChildProcess.Start("dotnet", [Binaries.Edge, "run", "--config", config, "--events-out", AuditPath, .. extra], Path.Combine(_directory, "edge.log"));
    }

    // The demo store's configuration with another video, broker, store id and credentials.
    private string WriteConfig(string name, string video, bool loop, bool realtime, string storeId, int brokerPort, string? username, string? password)
    {
        var credentials = username is null ? "" : $", \"username\": \"{username}\", \"password\": \"{password}\"";
        var json = File.ReadAllText(TestRepository.DemoStoreConfig)
            .Replace(TestRepository.VtestVideo, video)
            .Replace("\"storeId\": \"demo-store\"", $"\"storeId\": \"{storeId}\"")
            .Replace("\"port\": 1883", $"\"port\": {brokerPort}{credentials}")
            .Replace("\"realtime\": false,", $"\"realtime\": {Json(realtime)}, \"loop\": {Json(loop)},");
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static string Json(bool value) => value ? "true" : "false";
}
