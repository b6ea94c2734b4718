using RetailVision.Models.Tests.Support;
using Xunit.Abstractions;

namespace RetailVision.Models.Tests;

/// <summary>A batch of two frames gives, per frame, what each frame gives alone.</summary>
[Collection(SourceModelCollection.Name)]
public sealed class DynamicBatchTests(SourceModelFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void BatchOfTwoEqualsTwoSingleRuns()
    {
        var prepared = fixture.Store.Prepare(416, 416);
        var frames = FrameInputBuilder.ReadFrames(FrameInputBuilder.SampleVideo, [50, 400]);
        var input = FrameInputBuilder.Build(frames, prepared.Input);
        frames.ForEach(f => f.Dispose());
        var imageLength = input.Length / 2;

        using var runner = new OnnxModelRunner(prepared.OnnxPath);
        var batch = runner.Run(input, 2, 416, 416);
        var singles = new[] { input[..imageLength], input[imageLength..] }.Select(image => runner.Run(image, 1, 416, 416)).ToList();

        foreach (var (name, both) in batch)
        {
            Assert.Equal(2, both.Shape[0]);
            var half = both.Values.Length / 2;
            var difference = Math.Max(
                TensorData.MaxAbsDifference(both.Values[..half], singles[0][name].Values),
                TensorData.MaxAbsDifference(both.Values[half..], singles[1][name].Values));
            output.WriteLine($"{name}: max |batch2 - batch1| = {difference:E2}");
            Assert.True(difference <= 1e-5f, $"{name}: batch of 2 differs from single runs by {difference}");
        }
    }
}
