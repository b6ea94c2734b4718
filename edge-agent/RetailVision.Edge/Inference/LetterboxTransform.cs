using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Inference;

/// <summary>
/// The keep-aspect scaling of a frame into the model input, placed at the top-left with zero padding, and its inverse
/// for mapping boxes back to frame pixels.
/// </summary>
public readonly record struct LetterboxTransform(float Scale, int ScaledWidth, int ScaledHeight, int FrameWidth, int FrameHeight)
{
    public static LetterboxTransform For(int frameWidth, int frameHeight, int inputWidth, int inputHeight)
    {
        if (frameWidth <= 0 || frameHeight <= 0) throw new ArgumentException($"frame size {frameWidth}x{frameHeight} is empty");
        var scale = MathF.Min((float)inputWidth / frameWidth, (float)inputHeight / frameHeight);
        var w = Math.Clamp((int)MathF.Round(frameWidth * scale), 1, inputWidth);
        var h = Math.Clamp((int)MathF.Round(frameHeight * scale), 1, inputHeight);
        return new LetterboxTransform(scale, w, h, frameWidth, frameHeight);
    }

    /// <summary>Maps a box given as corners in model-input pixels to frame pixels, clipped to the frame.</summary>
    public BoundingBox ToFrame(float left, float top, float right, float bottom)
    {
        var inv = 1f / Scale;
        var l = Math.Clamp(left * inv, 0, FrameWidth);
        var t = Math.Clamp(top * inv, 0, FrameHeight);
        var r = Math.Clamp(right * inv, 0, FrameWidth);
        var b = Math.Clamp(bottom * inv, 0, FrameHeight);
        return BoundingBox.FromCorners(l, t, r, b);
    }
}
