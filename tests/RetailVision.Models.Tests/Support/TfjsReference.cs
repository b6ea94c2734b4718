using System.Text.Json;

namespace RetailVision.Models.Tests.Support;

/// <summary>
/// The original TF.js model run in Node (models/parity/run-tfjs.mjs, wasm backend) as the reference
/// for parity; installs the pinned npm packages on first use so a fresh clone needs no setup step.
/// </summary>
public static class TfjsReference
{
    private static readonly Lazy<string> ParityDirectory = new(InstallPackages);

    /// <summary>Runs images [n,3,H,W]; returns the outputs in the order the TF.js model lists them.</summary>
    public static List<TensorData> Run(string modelJsonPath, float[] input, int batch, InputSize size, bool retarget)
    {
        var work = Directory.CreateTempSubdirectory("tfjs-parity-");
        try
        {
            var inputPath = Path.Combine(work.FullName, "input.f32");
            var bytes = new byte[input.Length * 4];
            Buffer.BlockCopy(input, 0, bytes, 0, bytes.Length);
            File.WriteAllBytes(inputPath, bytes);
            var outDir = Path.Combine(work.FullName, "out");
            var arguments = new List<string>
            {
                "run-tfjs.mjs", "--model", modelJsonPath, "--input", inputPath,
                "--shape", $"{batch},3,{size.Height},{size.Width}", "--out", outDir,
            };
            if (retarget)
            {
                arguments.AddRange(["--input-size", size.ToString()]);
            }

            ProcessRunner.Run("node", arguments, ParityDirectory.Value, TimeSpan.FromMinutes(5));
            using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "index.json")));
            return index.RootElement.GetProperty("outputs").EnumerateArray().Select(output =>
            {
                var raw = File.ReadAllBytes(Path.Combine(outDir, output.GetProperty("file").GetString()!));
                var values = new float[raw.Length / 4];
                Buffer.BlockCopy(raw, 0, values, 0, raw.Length);
                var shape = output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                return new TensorData(shape, values);
            }).ToList();
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string InstallPackages()
    {
        var root = ModelStoreLocation.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("tests must run inside the repository");
        var parity = Path.Combine(root, "models", "parity");
        if (!File.Exists(Path.Combine(parity, "node_modules", "@tensorflow", "tfjs-backend-wasm", "package.json")))
        {
            ProcessRunner.Run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], parity, TimeSpan.FromMinutes(10));
        }

        return parity;
    }
}
