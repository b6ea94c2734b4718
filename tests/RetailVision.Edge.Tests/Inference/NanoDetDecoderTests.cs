using RetailVision.Edge.Geometry;
using RetailVision.Edge.Inference;

namespace RetailVision.Edge.Tests.Inference;

public class NanoDetDecoderTests
{
    private static readonly DetectorSettings Settings = new() { InputWidth = 64, InputHeight = 32, Strides = [8, 16, 32] };

    // Logits that put all the weight of one side on a single bin make the expected distance exactly that bin.
    private static void SetSide(float[] boxes, int cell, int side, int bin)
    {
        const int bins = 11;
        for (var j = 0; j < bins; j++) boxes[cell * 44 + side * bins + j] = j == bin ? 50f : -50f;
    }

    [Fact]
    public void Decodes_distances_from_the_cell_centre_and_maps_back_through_the_letterbox()
    {
        var decoder = new NanoDetDecoder(Settings);
        var transform = LetterboxTransform.For(128, 64, 64, 32); // scale 0.5, no padding
        var scores8 = new float[8 * 4 * 80];
        var boxes8 = new float[8 * 4 * 44];
        var cell = 1 * 8 + 2; // row 1, column 2 → centre (20, 12) at stride 8
        scores8[cell * 80] = 0.9f;
        SetSide(boxes8, cell, 0, 1); // left 8
        SetSide(boxes8, cell, 1, 1); // top 8
        SetSide(boxes8, cell, 2, 2); // right 16
        SetSide(boxes8, cell, 3, 3); // bottom 24 (clipped by the 32-pixel input height)

        decoder.Reset();
        decoder.AddStride(0, scores8, boxes8, transform);
        decoder.AddStride(1, new float[4 * 2 * 80], new float[4 * 2 * 44], transform);
        decoder.AddStride(2, new float[2 * 1 * 80], new float[2 * 1 * 44], transform);
        var output = new Detection[10];
        var count = decoder.Finish(output);

        Assert.Equal(1, count);
        Assert.Equal(0.9f, output[0].Score);
        var box = output[0].Box;
        Assert.Equal(24f, box.X, 3);        // (20 − 8) / 0.5
        Assert.Equal(8f, box.Y, 3);         // (12 − 8) / 0.5
        Assert.Equal(72f, box.Right, 3);    // (20 + 16) / 0.5
        Assert.Equal(64f, box.Bottom, 3);   // (12 + 24) / 0.5 = 72, clipped to the 64-pixel frame
    }

    [Fact]
    public void Ignores_other_classes_and_scores_below_the_threshold()
    {
        var decoder = new NanoDetDecoder(Settings);
        var transform = LetterboxTransform.For(64, 32, 64, 32);
        var scores8 = new float[8 * 4 * 80];
        scores8[0 * 80 + 1] = 0.99f; // a bicycle
        scores8[1 * 80] = 0.49f;     // a doubtful person
        decoder.Reset();
        decoder.AddStride(0, scores8, new float[8 * 4 * 44], transform);
        Assert.Equal(0, decoder.Finish(new Detection[10]));
    }

    [Fact]
    public void Suppresses_overlapping_boxes_keeping_the_highest_score()
    {
        var candidates = new[]
        {
            new Detection(new BoundingBox(0, 0, 10, 20), 0.6f),
            new Detection(new BoundingBox(1, 0, 10, 20), 0.9f),
            new Detection(new BoundingBox(50, 0, 10, 20), 0.7f),
        };
        var output = new Detection[3];
        var kept = NonMaximumSuppression.Run(candidates, 0.6f, output);
        Assert.Equal(2, kept);
        Assert.Equal(0.9f, output[0].Score);
        Assert.Equal(0.7f, output[1].Score);
    }

    [Fact]
    public void Letterbox_keeps_the_aspect_ratio()
    {
        var t = LetterboxTransform.For(768, 576, 416, 416);
        Assert.Equal(416, t.ScaledWidth);
        Assert.Equal(312, t.ScaledHeight);
        Assert.Equal(52, t.OffsetY);
        var box = t.ToFrame(0, 52, 416, 364);
        Assert.Equal(0f, box.Y, 2);
        Assert.Equal(768f, box.Width, 2);
        Assert.Equal(576f, box.Height, 2);
        Assert.Equal(0, LetterboxTransform.For(768, 576, 416, 416, centered: false).OffsetY);
    }
}
