namespace RetailVision.Edge.Diagnostics;

/// <summary>The steps a frame passes through, timed separately so a slow one can be named.</summary>
public enum PipelineStage
{
    Decode,
    Motion,
    Preprocess,
    Inference,
    Postprocess,
    Track,
    Zones,
    Publish,
}
