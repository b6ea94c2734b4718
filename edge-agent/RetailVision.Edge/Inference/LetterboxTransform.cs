using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Inference;

/// <summary>
/// The keep-aspect scaling of a frame into the model input, placed at (OffsetX, OffsetY) with zero padding around it,
/// and its inverse for mapping boxes back to frame pixels.
/// </summary>
public readonly record struct LetterboxTransform(float Scale, int ScaledWidth, int ScaledHeight, int OffsetX, int OffsetY, int FrameWidth, int FrameHeight)
{
    /// <param name="centered">Centre the scaled frame (padding split on both sides) rather than place it top-left.</param>
    public static LetterboxTransform For(int frameWidth, int frameHeight, int inputWidth, int inputHeight, bool centered = true)
    {
        if (frameWidth <= 0 || frameHeight <= 0) throw new ArgumentException($"frame size {frameWidth}x{frameHeight} is empty");
        var scale = MathF.Min((float)inputWidth / frameWidth, (float)inputHeight / frameHeight);
        var w = Math.Clamp((int)MathF.Round(frameWidth * scale), 1, inputWidth);
        var h = Math.Clamp((int)MathF.Round(frameHeight * scale), 1, inputHeight);
        return centered
            ? new LetterboxTransform(scale, w, h, (inputWidth - w) / 2, (inputHeight - h) / 2, frameWidth, frameHeight)
            : new LetterboxTransform(scale, w, h, 0, 0, frameWidth, frameHeight);
    }

    /// <summary>Maps a box given as corners in model-input pixels to frame pixels, clipped to the frame.</summary>
    public BoundingBox ToFrame(float left, float top, float right, float bottom)
    {
        var inv = 1f / Scale;
        var l = Math.Clamp((left - OffsetX) * inv, 0, FrameWidth);
        var t = Math.Clamp((top - OffsetY) * inv, 0, FrameHeight);
        var r = Math.Clamp((right - OffsetX) * inv, 0, FrameWidth);
        var b = Math.Clamp((bottom - OffsetY) * inv, 0, FrameHeight);
        return BoundingBox.FromCorners(l, t, r, b);
    }
}
