using Microsoft.Extensions.Logging;
using RetailVision.Models;

namespace RetailVision.Edge.Cli;

/// <summary>Gets the default person detector ready at an input size (fetched, converted and verified on first use).</summary>
public static class DetectorModel
{
    public static PreparedModel Resolve(InputSize size, ILogger logger)
    {
        var store = ModelStore.OpenDefault();
        var model = store.Prepare(size);
        logger.LogInformation("Detector {Model} {Size}: {Path} (sha256 {Sha}{Verified})", model.ModelId, size, model.OnnxPath,
            model.Sha256[..12], model.Sha256RecordedInManifest ? ", matches the manifest" : ", size not recorded in the manifest");
        return model;
    }
}
