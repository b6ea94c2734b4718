namespace RetailVision.Edge.Inference;

/// <summary>
/// How the detector's input is made and its output read. Defaults are the NanoDet-g values from
/// models/manifests/nanodet-g.json.
/// </summary>
public sealed record DetectorSettings
{
    /// <summary>Model input width in pixels (a multiple of 32).</summary>
    public int InputWidth { get; init; } = 416;

    /// <summary>Model input height in pixels (a multiple of 32).</summary>
    public int InputHeight { get; init; } = 416;

    /// <summary>Per-channel mean in BGR order, subtracted from 0–255 pixel values.</summary>
    public float[] MeanBgr { get; init; } = [103.53f, 116.28f, 123.675f];

    /// <summary>Per-channel standard deviation in BGR order.</summary>
    public float[] StdBgr { get; init; } = [57.375f, 57.12f, 58.395f];

    /// <summary>Letterbox the frame in the middle of the input (true) or at its top-left corner (false).</summary>
    public bool CenterLetterbox { get; init; } = true;

    /// <summary>Feature strides of the detection heads, one output pair each.</summary>
    public int[] Strides { get; init; } = [8, 16, 32];

    /// <summary>Largest distance bin of the GFL box head (bins 0..RegMax).</summary>
    public int RegMax { get; init; } = 10;

    /// <summary>Number of classes in the score outputs.</summary>
    public int ClassCount { get; init; } = 80;

    /// <summary>Index of "person" among the classes.</summary>
    public int PersonClass { get; init; }

    /// <summary>Detections below this person score are dropped.</summary>
    public float ScoreThreshold { get; init; } = 0.5f;

    /// <summary>Overlapping person boxes above this IoU are suppressed, keeping the higher score.</summary>
    public float NmsIouThreshold { get; init; } = 0.6f;

    /// <summary>Upper bound on people reported per frame (buffers are sized by it).</summary>
    public int MaxDetections { get; init; } = 300;

    /// <summary>Threads ONNX Runtime may use inside one inference.</summary>
    public int IntraOpThreads { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Execution provider wanted: "cpu", "cuda" or "tensorrt"; unavailable ones fall back to CPU.</summary>
    public string ExecutionProvider { get; init; } = "cpu";
}
