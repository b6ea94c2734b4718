using OpenCvSharp;
using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Inference;

/// <summary>Finds the people in one BGR frame.</summary>
public interface IPersonDetector
{
    /// <summary>cpu, cuda or tensorrt: where inference actually runs.</summary>
    string ExecutionProvider { get; }

    /// <summary>Detects the people in <paramref name="frame"/>; returns how many were written to <paramref name="output"/>.</summary>
    int Detect(Mat frame, Span<Detection> output);
}
