using Xunit.Abstractions;

namespace RetailVision.Edge.Tests.TestData;

/// <summary>
/// The shared evaluation data (/work/shared/eval/README.md): it lives beside the repository in ../shared/eval and is
/// never copied into it. Tests that need it call <see cref="IsAvailable"/> and return when it is missing.
/// </summary>
public static class EvalData
{
    public static string? Root { get; } = Locate();

    /// <summary>True when the data is there; otherwise writes one line saying so, for the test to return on.</summary>
    public static bool IsAvailable(ITestOutputHelper output)
    {
        if (Root is not null) return true;
        output.WriteLine("evaluation data not found (../shared/eval beside the folder holding RetailVision.sln): nothing checked");
        return false;
    }

    /// <summary>A file of a MOTChallenge sequence, e.g. Mot("TUD-Campus", "gt.txt").</summary>
    public static string Mot(string sequence, string file) =>
        Path.Combine(Root ?? throw new InvalidOperationException("evaluation data not available"), "mot", sequence, file);

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "RetailVision.sln"))) continue;
            var eval = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "eval"));
            return Directory.Exists(eval) ? eval : null;
        }
        return null;
    }
}
