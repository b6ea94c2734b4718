using RetailVision.Models.Manifest;

namespace RetailVision.Models;

/// <summary>
/// Where a model's manifest and cache live. The repository root is the nearest folder above the
/// running assembly that holds RetailVision.sln; the cache is <c>models/.cache</c> there unless
/// <c>RETAILVISION_MODEL_CACHE</c> names another folder.
/// </summary>
public sealed record ModelStoreLocation(string ManifestPath, string CacheDirectory)
{
    public const string CacheEnvironmentVariable = "RETAILVISION_MODEL_CACHE";

    public const string DefaultModelId = "nanodet-g";

    public static ModelStoreLocation Locate(string modelId = DefaultModelId)
    {
        var root = FindRepositoryRoot(AppContext.BaseDirectory);
        var cacheOverride = Environment.GetEnvironmentVariable(CacheEnvironmentVariable);
        var cache = !string.IsNullOrWhiteSpace(cacheOverride) ? Path.GetFullPath(cacheOverride)
            : root is not null ? Path.Combine(root, "models", ".cache")
            : throw new ModelManifestException(
                $"no RetailVision.sln above {AppContext.BaseDirectory} and {CacheEnvironmentVariable} is not set: cannot choose a model cache folder");

        // Outside the repository, the copy shipped beside the assembly is used.
        var manifest = root is not null
            ? Path.Combine(root, "models", "manifests", $"{modelId}.json")
            : Path.Combine(AppContext.BaseDirectory, "manifests", $"{modelId}.json");
        return new ModelStoreLocation(manifest, cache);
    }

    public static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RetailVision.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
