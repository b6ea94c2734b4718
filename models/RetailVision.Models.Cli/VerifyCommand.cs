using System.CommandLine;
using System.Diagnostics;

namespace RetailVision.Models.Cli;

/// <summary>
/// <c>verify</c>: re-fetches (or re-hashes the cached) source, re-converts each size the manifest
/// records and compares every hash, re-quantises each size with a recorded int8 hash from its calibration table and
/// compares that too; also checks the cached ONNX files. Exit 1 on any mismatch.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var command = new Command("verify", "Recompute the tarball and converted-model hashes and compare them with the manifest.");
        command.SetAction(_ => CommandRunner.Run(() =>
        {
            var store = ModelStore.OpenDefault();
            var failures = 0;
            void Report(bool ok, string what)
            {
                failures += ok ? 0 : 1;
                Console.WriteLine($"{(ok ? "ok" : "MISMATCH"),-8} {what}");
            }

            if (File.Exists(store.TarballPath))
            {
                var tarballSha = Sha256Hex.OfFile(store.TarballPath);
                Report(tarballSha == store.Manifest.Source.TarballSha256, $"tarball {store.TarballPath} sha256 {tarballSha}");
            }

            foreach (var key in store.Manifest.Conversion.Sha256BySize.Keys.Order(StringComparer.Ordinal))
            {
                var size = InputSize.Parse(key);
                var expected = store.ExpectedSha256(size)!;
                var stopwatch = Stopwatch.StartNew();
                var converted = store.ConvertFromSource(size);
                Report(converted.Sha256 == expected, $"{size} converted sha256 {converted.Sha256} ({stopwatch.ElapsedMilliseconds} ms)");
                ReportCached(store.OnnxPath(size), expected, size, Report);
            }

            foreach (var key in store.Manifest.Quantization.Sha256BySize.Keys.Order(StringComparer.Ordinal))
            {
                var size = InputSize.Parse(key);
                var expected = store.ExpectedInt8Sha256(size)!;
                var stopwatch = Stopwatch.StartNew();
                var quantized = Sha256Hex.OfBytes(store.QuantizeFloatModel(size, store.Prepare(size).OnnxPath));
                Report(quantized == expected, $"{size} int8 quantised sha256 {quantized} ({stopwatch.ElapsedMilliseconds} ms)");
                ReportCached(store.OnnxPath(size, ModelPrecision.Int8), expected, size, Report);
            }

            return failures == 0 ? 0 : 1;
        }));
        return command;
    }

    private static void ReportCached(string path, string expected, InputSize size, Action<bool, string> report)
    {
        if (File.Exists(path))
        {
            var cachedSha = Sha256Hex.OfFile(path);
            report(cachedSha == expected, $"{size} cached {path} sha256 {cachedSha}");
        }
    }
}
