namespace RetailVision.Edge.Capture;

/// <summary>One decode run: how long opening took and how fast frames came afterwards.</summary>
public sealed record DecodeBenchmarkResult(CaptureDecoder Decoder, int Width, int Height, int Frames, double OpenSeconds, double DecodeSeconds)
{
    public double FramesPerSecond => DecodeSeconds > 0 ? Frames / DecodeSeconds : 0;
}
