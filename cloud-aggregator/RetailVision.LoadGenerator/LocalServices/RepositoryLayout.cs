namespace RetailVision.LoadGenerator.LocalServices;

/// <summary>
/// Where a benchmark run finds what it starts: the repository (the folder holding RetailVision.sln, above this
/// program), the aggregator built in the same configuration, the deployed mosquitto configuration, and the evaluation
/// data beside the repository.
/// </summary>
public static class RepositoryLayout
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static string Root { get; } = FindRoot();

    public static string DeployedMosquitto => Path.Combine(Root, "deploy", "mosquitto");

    /// <summary>../shared/eval beside the repository.</summary>
    public static string DefaultEvalRoot => Path.GetFullPath(Path.Combine(Root, "..", "shared", "eval"));

    public static string AggregatorDll => Built(Path.Combine("cloud-aggregator", "RetailVision.Aggregator.Host"), "retailvision-aggregator.dll");

    /// <summary>A program of the repository built in this configuration, e.g. ("edge-agent/RetailVision.Edge.Cli", "retailvision-edge.dll").</summary>
    public static string Built(string project, string dll)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", "linux-x64", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built: dotnet build -c {Configuration} RetailVision.sln", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RetailVision.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"RetailVision.sln not found above {AppContext.BaseDirectory}: run the load generator from its build output in the repository");
    }
}
