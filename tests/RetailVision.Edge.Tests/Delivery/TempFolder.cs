namespace RetailVision.Edge.Tests.Delivery;

/// <summary>A fresh folder per test, removed afterwards, so outbox files never leak between tests.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("retailvision-outbox-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
