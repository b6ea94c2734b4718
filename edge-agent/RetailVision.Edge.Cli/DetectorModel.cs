using Microsoft.Extensions.Logging;
using RetailVision.Models;

namespace RetailVision.Edge.Cli;

/// <summary>Gets the default person detector ready at an input size (fetched, converted and verified on first use).</summary>
public static class DetectorModel
{
    public static PreparedModel Resolve(InputSize size, ModelPrecision precision, ILogger logger)
    {
        var store = ModelStore.OpenDefault();
        var model = store.Prepare(size, precision);
        logger.LogInformation("Detector {Model} {Size} {Precision}: {Path} (sha256 {Sha}{Verified})", model.ModelId, size, Configuration.DetectorConfig.NameOf(precision), model.OnnxPath,
            model.Sha256[..12], model.Sha256RecordedInManifest ? ", matches the manifest" : ", size not recorded in the manifest");
        return model;
    }
}
