namespace RetailVision.Edge.Tests;

/// <summary>Locates the repository (the folder holding RetailVision.sln) and the real video the tests use.</summary>
public static class RepoPaths
{
    public const string VtestVideo = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RetailVision.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("RetailVision.sln not found above the test binaries");
    }
}
