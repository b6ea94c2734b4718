using RetailVision.Models.Tests.Support;
using Xunit.Abstractions;

namespace RetailVision.Models.Tests;

/// <summary>
/// The converted ONNX model against the original TF.js model on real video frames: same input
/// tensors, outputs matched by shape. Scores must agree to 1e-4; box logits (unbounded, larger
/// values) to 1e-3.
/// </summary>
[Collection(SourceModelCollection.Name)]
public sealed class ParityTests(SourceModelFixture fixture, ITestOutputHelper output)
{
    private const float ScoreTolerance = 1e-4f;
    private const float BoxTolerance = 1e-3f;

    [Theory]
    [InlineData(416, 416, new[] { 1, 100, 300, 700 })]
    [InlineData(416, 320, new[] { 1, 300 })]
    [InlineData(640, 640, new[] { 100 })]
    public void ConvertedModelMatchesTfjsOnVideoFrames(int width, int height, int[] frameIndices)
    {
        var size = new InputSize(width, height);
        var prepared = fixture.Store.Prepare(size);
        var frames = FrameInputBuilder.ReadFrames(FrameInputBuilder.SampleVideo, frameIndices);
        var input = FrameInputBuilder.Build(frames, prepared.Input);
        frames.ForEach(f => f.Dispose());

        using var runner = new OnnxModelRunner(prepared.OnnxPath);
        var onnx = runner.Run(input, frameIndices.Length, height, width);
        var exportedSize = new InputSize(416, 416);
        var reference = TfjsReference.Run(fixture.Source.ModelJsonPath, input, frameIndices.Length, size, retarget: size != exportedSize);

        Assert.Equal(6, onnx.Count);
        foreach (var (name, converted) in onnx)
        {
            var original = Assert.Single(reference, r => r.Shape.SequenceEqual(converted.Shape));
            var difference = TensorData.MaxAbsDifference(converted.Values, original.Values);
            var tolerance = name.StartsWith("scores", StringComparison.Ordinal) ? ScoreTolerance : BoxTolerance;
            output.WriteLine($"{size} {name} [{string.Join(',', converted.Shape)}]: max |onnx - tfjs| = {difference:E2} (max |value| {original.Values.Max(Math.Abs):F3})");
            Assert.True(difference <= tolerance, $"{size} {name}: max abs difference {difference} exceeds {tolerance}");
        }

        // The frames show walking people: the detector must see them, not just agree with itself.
        var personScore = onnx.Where(o => o.Key.StartsWith("scores", StringComparison.Ordinal))
            .Max(o => o.Value.Values.Where((_, i) => i % 80 == 0).Max());
        output.WriteLine($"{size} best person score {personScore:F3}");
        Assert.True(personScore > 0.5f, $"best person score {personScore} on frames with people");
    }
}
