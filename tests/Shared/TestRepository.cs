using Xunit;

namespace RetailVision.Tests.Shared;

/// <summary>
/// What the test projects locate on disk: the repository (the folder holding RetailVision.sln), the real video Debian's
/// opencv-doc ships, the demo store, and the evaluation data in ../shared/eval when it exists beside the repository.
/// Linked into each test project so there is one way to find them.
/// </summary>
public static class TestRepository
{
    public const string VtestVideo = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    public static string Root { get; } = FindRoot();

    public static string DemoStoreConfig => Path.Combine(Root, "deploy", "vtest.store.json");

    /// <summary>../shared/eval beside the repository, or null where this machine has none.</summary>
    public static string? EvalRoot { get; } = LocateEval();

    /// <summary>Reports the calling test as skipped, with the reason, where this machine has no evaluation data.</summary>
    public static void RequireEvalData() =>
        Skip.If(EvalRoot is null, "evaluation data not found (../shared/eval beside the folder holding RetailVision.sln)");

    public static string Mot(string sequence, string file) =>
        Path.Combine(EvalRoot ?? throw new InvalidOperationException("evaluation data not available"), "mot", sequence, file);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RetailVision.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("RetailVision.sln not found above the test binaries");
    }

    private static string? LocateEval()
    {
        var eval = Path.GetFullPath(Path.Combine(Root, "..", "shared", "eval"));
        return Directory.Exists(eval) ? eval : null;
    }
}
