using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using RetailVision.Models.Registry;

namespace RetailVision.Models.Tests;

public sealed class TarballExtractorTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("tar-extract-test-");

    [Fact]
    public void OnlyTheNamedEntriesAreExtracted()
    {
        var tarball = WriteTarball(("package/models/a.json", "{}"), ("package/models/a.bin", "weights"), ("package/README.md", "readme"));
        var target = Path.Combine(_work.FullName, "out");

        TarballExtractor.Extract(tarball, ["package/models/a.json", "package/models/a.bin"], target);

        Assert.Equal("{}", File.ReadAllText(Path.Combine(target, "package/models/a.json")));
        Assert.Equal("weights", File.ReadAllText(Path.Combine(target, "package/models/a.bin")));
        Assert.False(File.Exists(Path.Combine(target, "package/README.md")));
    }

    [Fact]
    public void MissingEntriesAreNamed()
    {
        var tarball = WriteTarball(("package/models/a.json", "{}"));

        var error = Assert.Throws<PackageFetchException>(
            () => TarballExtractor.Extract(tarball, ["package/models/a.json", "package/LICENSE"], Path.Combine(_work.FullName, "out")));

        Assert.Contains("package/LICENSE", error.Message);
    }

    private string WriteTarball(params (string Name, string Content)[] entries)
    {
        var path = Path.Combine(_work.FullName, "test.tgz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var writer = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, content) in entries)
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
        }

        return path;
    }

    public void Dispose() => _work.Delete(recursive: true);
}
