using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using RetailVision.Edge.Inference;

namespace RetailVision.Edge.Cli.Bench;

/// <summary>
/// The limit: one preprocessed frame fed to a detector session back to back, nothing else. Frames per second of
/// inference alone, with the same model, options and threads as the pipeline.
/// </summary>
internal sealed class ModelOnlyBenchmark : IDisposable
{
    private readonly DetectorSession _session;

    public ModelOnlyBenchmark(string modelPath, DetectorSettings settings, Mat frame, int batch = 1)
    {
        _session = new DetectorSession(modelPath, settings, batch, NullLogger.Instance);
        using var preprocessor = new FramePreprocessor(settings);
        for (var k = 0; k < _session.MaxBatch; k++) preprocessor.Run(frame, _session.BatchInput(k));
        for (var i = 0; i < 5; i++) _session.RunBatch(_session.MaxBatch);
    }

    /// <summary>Frames per second over <paramref name="frames"/> frames (in runs of the session's batch).</summary>
    public double Run(int frames)
    {
        var runs = Math.Max(1, frames / _session.MaxBatch);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++) _session.RunBatch(_session.MaxBatch);
        return runs * _session.MaxBatch / clock.Elapsed.TotalSeconds;
    }

    public void Dispose() => _session.Dispose();
}
