using System.CommandLine;
using RetailVision.Models.Quantization;

namespace RetailVision.Models.Cli;

/// <summary>
/// <c>quantize</c>: one QDQ int8 model from the float model and a calibration table, outside the cache. With no
/// overrides the bytes equal what <c>prepare --precision int8</c> caches; the overrides serve experiments.
/// </summary>
internal static class QuantizeCommand
{
    public static Command Create()
    {
        var size = InputSizeOption.Single("Input size WxH; default: the manifest's size.");
        var calibration = new Option<FileInfo?>("--calibration") { Description = "Calibration table; default: the committed one for the size." };
        var output = new Option<FileInfo>("--out") { Description = "ONNX file to write.", Required = true };
        var activations = new Option<ActivationType?>("--activations") { Description = "uint8 or int8; default: the manifest's." };
        var floatNodes = new Option<string[]>("--float-node")
        {
            Description = "Node to keep in float (repeatable); default: the manifest's list.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("quantize", "Quantise the float model to QDQ int8 with a calibration table.")
        {
            size, calibration, output, activations, floatNodes,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var store = ModelStore.OpenDefault();
            var inputSize = parse.GetValue(size) ?? new InputSize(store.Manifest.Input.Width, store.Manifest.Input.Height);
            var model = store.Prepare(inputSize);
            var table = CalibrationTableJson.Read(parse.GetValue(calibration)?.FullName ?? store.CalibrationTablePath(inputSize));
            var recipe = ModelStore.QuantizationOptionsFor(store.Manifest);
            var options = recipe with
            {
                Activations = parse.GetValue(activations) ?? recipe.Activations,
                FloatNodes = parse.GetValue(floatNodes) is { Length: > 0 } given ? given : recipe.FloatNodes,
            };
            var bytes = QdqQuantizer.Quantize(File.ReadAllBytes(model.OnnxPath), table, options);
            var target = parse.GetValue(output)!.FullName;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, bytes);
            Console.WriteLine($"{target}\tsha256 {Sha256Hex.OfBytes(bytes)}\t{inputSize}\t{options.Activations}\tfloat nodes: {options.FloatNodes.Count}");
            return 0;
        }));
        return command;
    }
}
