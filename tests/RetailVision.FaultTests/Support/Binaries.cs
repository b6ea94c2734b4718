using RetailVision.Tests.Shared;

namespace RetailVision.FaultTests.Support;

/// <summary>The built programs under test, from the same configuration as this test assembly (Release under tests/run-all.sh).</summary>
public static class Binaries
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static string Aggregator => Find(Path.Combine("cloud-aggregator", "RetailVision.Aggregator.Host"), "retailvision-aggregator.dll");

    public static string Edge => Find(Path.Combine("edge-agent", "RetailVision.Edge.Cli"), "retailvision-edge.dll");

    private static string Find(string project, string dll)
    {
        var path = Path.Combine(TestRepository.Root, project, "bin", Configuration, "net10.0", "linux-x64", dll);
        // The project references build both programs before this assembly; a missing file means that build failed.
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built: dotnet build -c {Configuration} RetailVision.sln", path);
    }
}
