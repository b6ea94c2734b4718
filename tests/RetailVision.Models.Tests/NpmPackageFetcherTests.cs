using RetailVision.Models.Registry;

namespace RetailVision.Models.Tests;

/// <summary>
/// The fetcher against a stand-in <c>npm</c> script (no network): it writes a fixed tarball into
/// --pack-destination and counts its calls.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NpmPackageFetcherTests : IDisposable
{
    private const string TarballContent = "not really a tarball";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("npm-fetch-test-");

    public NpmPackageFetcherTests()
    {
        File.WriteAllText(FakeNpm, $"""
            #!/bin/sh
            echo "$@" >> "{CallLog}"
            printf '%s' '{TarballContent}' > "$4/fake-pkg-1.0.0.tgz"
            """);
        File.SetUnixFileMode(FakeNpm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string FakeNpm => Path.Combine(_work.FullName, "npm");

    private string CallLog => Path.Combine(_work.FullName, "calls.log");

    private string Cache => Path.Combine(_work.FullName, "cache");

    private static string RightSha => Sha256Hex.OfBytes(System.Text.Encoding.UTF8.GetBytes(TarballContent));

    private int Calls => File.Exists(CallLog) ? File.ReadAllLines(CallLog).Length : 0;

    [Fact]
    public void TarballWithAnotherHashIsRejectedAndDeleted()
    {
        var fetcher = new NpmPackageFetcher(Cache, FakeNpm);
        var wrongSha = new string('1', 64);

        var error = Assert.Throws<ModelIntegrityException>(() => fetcher.Fetch("@fake/pkg", "1.0.0", wrongSha));

        Assert.Contains(wrongSha, error.Message);
        Assert.Contains(RightSha, error.Message);
        Assert.Empty(Directory.GetFiles(Cache, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void MatchingTarballIsCachedAndReusedWithoutNpm()
    {
        var fetcher = new NpmPackageFetcher(Cache, FakeNpm);

        var first = fetcher.Fetch("@fake/pkg", "1.0.0", RightSha);
        var second = fetcher.Fetch("@fake/pkg", "1.0.0", RightSha);

        Assert.Equal(Path.Combine(Cache, "fake-pkg-1.0.0.tgz"), first);
        Assert.Equal(first, second);
        Assert.Equal(1, Calls);
        Assert.Equal("pack @fake/pkg@1.0.0 --pack-destination", string.Join(' ', File.ReadAllText(CallLog).Split(' ').Take(3)));
    }

    [Fact]
    public void CorruptCachedTarballIsFetchedAgain()
    {
        Directory.CreateDirectory(Cache);
        File.WriteAllText(Path.Combine(Cache, "fake-pkg-1.0.0.tgz"), "truncated");
        var fetcher = new NpmPackageFetcher(Cache, FakeNpm);

        var path = fetcher.Fetch("@fake/pkg", "1.0.0", RightSha);

        Assert.Equal(1, Calls);
        Assert.Equal(TarballContent, File.ReadAllText(path));
    }

    [Fact]
    public void MissingNpmIsAClearError()
    {
        var fetcher = new NpmPackageFetcher(Cache, Path.Combine(_work.FullName, "no-such-npm"));

        var error = Assert.Throws<PackageFetchException>(() => fetcher.Fetch("@fake/pkg", "1.0.0", RightSha));

        Assert.Contains("no-such-npm", error.Message);
    }

    public void Dispose() => _work.Delete(recursive: true);
}
