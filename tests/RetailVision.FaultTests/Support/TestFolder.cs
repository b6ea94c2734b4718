namespace RetailVision.FaultTests.Support;

/// <summary>
/// A fresh folder for one test's processes, files and logs. Removed when the test passed; kept (and named in the
/// output) when it failed, for the logs.
/// </summary>
public sealed class TestFolder : IDisposable
{
    private const string MemoryRoot = "/dev/shm";

    /// <param name="inMemory">
    /// Under /dev/shm instead of /tmp: every commit skips the disk's fsync (~5 ms here). A SIGKILL loses nothing more
    /// on disk than in memory, so only a test that measures throughput, not durability, should want it.
    /// </param>
    public TestFolder(bool inMemory = false)
    {
        var root = inMemory && Directory.Exists(MemoryRoot) ? MemoryRoot : System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(root, $"rv-faults-{Guid.NewGuid():N}"[..18]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public bool Keep { get; set; } = true;

    public void Dispose()
    {
        if (!Keep) Directory.Delete(Path, recursive: true);
    }
}
