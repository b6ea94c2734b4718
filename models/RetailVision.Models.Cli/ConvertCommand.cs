using System.CommandLine;
using System.Diagnostics;
using RetailVision.Models.Conversion;
using RetailVision.Models.Manifest;
using RetailVision.Models.Tfjs;

namespace RetailVision.Models.Cli;

/// <summary><c>convert</c>: one TF.js graph model to one ONNX file, outside the cache.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var modelJson = new Option<FileInfo>("--model-json") { Description = "TF.js model.json.", Required = true };
        var weights = new Option<FileInfo?>("--weights") { Description = "Weights (all shards concatenated); default: the shards model.json names." };
        var output = new Option<FileInfo>("--out") { Description = "ONNX file to write.", Required = true };
        var size = InputSizeOption.Single("Input size WxH; default: the size the model was exported with.");
        var manifestPath = new Option<FileInfo?>("--manifest")
        {
            Description = "Model manifest whose naming and metadata to apply, so the bytes match its recorded hashes.",
        };
        var command = new Command("convert", "Convert a TF.js graph model to ONNX.") { modelJson, weights, output, size, manifestPath };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var stopwatch = Stopwatch.StartNew();
            var model = TfjsGraphModelReader.Read(parse.GetValue(modelJson)!.FullName, parse.GetValue(weights)?.FullName);
            var requested = parse.GetValue(size);
            var options = parse.GetValue(manifestPath) is { } manifestFile
                ? ModelStore.ConversionOptionsFor(ModelManifestReader.Read(manifestFile.FullName), requested ?? DefaultSize(model))
                : new ConversionOptions { InputSize = requested };
            var result = TfjsToOnnxConverter.Convert(model, options);
            var target = parse.GetValue(output)!.FullName;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, result.OnnxBytes);
            Console.WriteLine(
                $"{target}\tsha256 {result.Sha256}\t{result.InputSize}\t{result.NodeCount} nodes, {result.TransposeCount} Transpose\t{stopwatch.ElapsedMilliseconds} ms");
            foreach (var converted in result.Outputs)
            {
                Console.WriteLine($"  {converted.Name} [{string.Join(',', converted.Shape.Select(d => d < 0 ? "batch" : d.ToString()))}]");
            }

            return 0;
        }));
        return command;
    }

    private static InputSize DefaultSize(TfjsGraphModel model)
    {
        var input = model.Nodes.Single(n => n.Name == model.InputNames.Single()).Attribute("shape").Shape!;
        return new InputSize((int)input[^1], (int)input[^2]);
    }
}
