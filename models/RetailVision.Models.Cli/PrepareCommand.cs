using System.CommandLine;

namespace RetailVision.Models.Cli;

/// <summary><c>prepare</c>: fetch, convert and verify the default model; prints one line per size.</summary>
internal static class PrepareCommand
{
    public static Command Create()
    {
        var sizes = InputSizeOption.Many("Input size WxH (repeatable); default: the manifest's size.");
        var precision = new Option<ModelPrecision>("--precision")
        {
            Description = "fp32, or int8 (quantised from the committed calibration table).",
            DefaultValueFactory = _ => ModelPrecision.Fp32,
        };
        var command = new Command("prepare", "Fetch, convert and verify the default model; prints size, sha256, status and path.") { sizes, precision };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var store = ModelStore.OpenDefault();
            var requested = parse.GetValue(sizes) is { Length: > 0 } given
                ? given
                : [new InputSize(store.Manifest.Input.Width, store.Manifest.Input.Height)];
            foreach (var size in requested)
            {
                var model = store.Prepare(size, parse.GetValue(precision));
                var status = model.Sha256RecordedInManifest ? "verified" : "unrecorded-size";
                Console.WriteLine($"{size}\t{model.Sha256}\t{status}\t{model.OnnxPath}");
            }

            return 0;
        }));
        return command;
    }
}
