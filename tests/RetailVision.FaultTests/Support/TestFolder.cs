namespace RetailVision.FaultTests.Support;

/// <summary>
/// A fresh folder under /tmp for one test's processes, files and logs. Removed when the test passed; kept (and named
/// in the output) when it failed, for the logs.
/// </summary>
public sealed class TestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("rv-faults-").FullName;

    public bool Keep { get; set; } = true;

    public void Dispose()
    {
        if (!Keep) Directory.Delete(Path, recursive: true);
    }
}
