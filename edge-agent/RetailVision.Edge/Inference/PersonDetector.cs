using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenCvSharp;
using RetailVision.Edge.Diagnostics;
using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Inference;

/// <summary>
/// A detector of its own for one caller (analysis of one video, tests): preprocesses into the session's input, runs,
/// decodes, all on the calling thread. Cameras of a running store share a <see cref="BatchedDetector"/> instead.
/// </summary>
public sealed class PersonDetector : IPersonDetector, IDisposable
{
    private readonly DetectorSession _session;
    private readonly FramePreprocessor _preprocessor;
    private readonly NanoDetDecoder _decoder;
    private readonly StageTimings _timings;

    public PersonDetector(string modelPath, DetectorSettings settings, ILogger logger, StageTimings? timings = null)
    {
        _session = new DetectorSession(modelPath, settings, 1, logger);
        _preprocessor = new FramePreprocessor(settings);
        _decoder = new NanoDetDecoder(settings);
        _timings = timings ?? new StageTimings();
    }

    public string ExecutionProvider => _session.ExecutionProvider;

    public int Detect(Mat frame, Span<Detection> output)
    {
        var start = Stopwatch.GetTimestamp();
        var transform = _preprocessor.Run(frame, _session.BatchInput(0));
        var inferred = Stopwatch.GetTimestamp();
        _timings.Record(PipelineStage.Preprocess, inferred - start);
        _session.RunBatch(1);
        var decoded = Stopwatch.GetTimestamp();
        _timings.Record(PipelineStage.Inference, decoded - inferred);
        _session.Decode(0, _decoder, transform);
        var count = _decoder.Finish(output);
        _timings.RecordSince(PipelineStage.Postprocess, decoded);
        return count;
    }

    public void Dispose()
    {
        _preprocessor.Dispose();
        _session.Dispose();
    }
}
