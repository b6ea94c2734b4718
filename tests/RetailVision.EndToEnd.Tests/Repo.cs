namespace RetailVision.EndToEnd.Tests;

/// <summary>Paths the end-to-end tests use: the repository, its demo store, the real video.</summary>
public static class Repo
{
    public const string VtestVideo = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    public static string Root { get; } = FindRoot();

    public static string DemoStoreConfig => Path.Combine(Root, "deploy", "vtest.store.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RetailVision.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("RetailVision.sln not found above the test binaries");
    }
}
