using System.CommandLine;
using System.Diagnostics;

namespace RetailVision.Models.Cli;

/// <summary>
/// <c>verify</c>: re-fetches (or re-hashes the cached) source, re-converts each size the manifest
/// records and compares every hash; also checks the cached ONNX files. Exit 1 on any mismatch.
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
                if (File.Exists(store.OnnxPath(size)))
                {
                    var cachedSha = Sha256Hex.OfFile(store.OnnxPath(size));
                    Report(cachedSha == expected, $"{size} cached {store.OnnxPath(size)} sha256 {cachedSha}");
                }
            }

            return failures == 0 ? 0 : 1;
        }));
        return command;
    }
}
