using RetailVision.Models.Quantization;
using RetailVision.Models.Tests.Support;
using Xunit.Abstractions;

namespace RetailVision.Models.Tests;

/// <summary>
/// The prepared int8 model against the float model on real development frames (decoded and letterboxed by ffmpeg),
/// run as one batch of two so the dynamic batch is exercised too: person scores and the box logits of the cells that
/// find people must stay close, and the same cells must find people.
/// </summary>
[Collection(SourceModelCollection.Name)]
public sealed class Int8AccuracyTests(SourceModelFixture fixture, ITestOutputHelper output)
{
    private const int Classes = 80;
    private const int Bins = 11;
    private const int BoxBins = 4 * Bins;

    [Fact]
    public void Int8OutputsStayCloseToFloatOnVideoFrames()
    {
        var size = new InputSize(416, 416);
        var floatModel = fixture.Store.Prepare(size);
        var int8Model = fixture.Store.Prepare(size, ModelPrecision.Int8);
        int[] frames = [101, 301];
        var input = FfmpegFrameReader.Read(FrameInputBuilder.SampleVideo, floatModel.Input, frames.Max(), frames.Contains)
            .SelectMany(f => f.Input.ToArray()).ToArray();

        using var floatRunner = new OnnxModelRunner(floatModel.OnnxPath);
        using var int8Runner = new OnnxModelRunner(int8Model.OnnxPath);
        var expected = floatRunner.Run(input, frames.Length, size.Height, size.Width);
        var actual = int8Runner.Run(input, frames.Length, size.Height, size.Width);

        var (floatPeople, int8People, both) = (0, 0, 0);
        foreach (var stride in floatModel.Decoder.Strides)
        {
            var (floatScores, int8Scores) = (expected[$"scores_s{stride}"], actual[$"scores_s{stride}"]);
            var (floatBoxes, int8Boxes) = (expected[$"boxes_s{stride}"].Values, actual[$"boxes_s{stride}"].Values);
            Assert.Equal(floatScores.Shape, int8Scores.Shape);
            var (scoreError, boxError) = (0f, 0f);
            for (var cell = 0; cell < floatScores.Values.Length / Classes; cell++)
            {
                var (f, q) = (floatScores.Values[cell * Classes], int8Scores.Values[cell * Classes]);
                scoreError = Math.Max(scoreError, Math.Abs(f - q));
                floatPeople += f >= 0.5f ? 1 : 0;
                int8People += q >= 0.5f ? 1 : 0;
                both += f >= 0.5f && q >= 0.5f ? 1 : 0;
                if (f >= 0.5f)
                {
                    for (var side = 0; side < 4; side++)
                    {
                        var offset = cell * BoxBins + side * Bins;
                        boxError = Math.Max(boxError, Math.Abs(ExpectedBin(floatBoxes.AsSpan(offset, Bins)) - ExpectedBin(int8Boxes.AsSpan(offset, Bins))));
                    }
                }
            }

            output.WriteLine($"stride {stride}: max |int8 − fp32| person score {scoreError:0.0000}, box side of person cells {boxError:0.000} bins");
            Assert.True(scoreError <= 0.15f, $"stride {stride}: person score differs by {scoreError}");
            Assert.True(boxError <= 0.5f, $"stride {stride}: a person box side differs by {boxError} bins ({boxError * stride} px)");
        }

        output.WriteLine($"cells with person score ≥ 0.5: fp32 {floatPeople}, int8 {int8People}, both {both}");
        Assert.True(floatPeople >= 10, $"only {floatPeople} person cells on frames full of people");
        Assert.True(both >= 0.8 * Math.Max(floatPeople, int8People), $"fp32 {floatPeople} and int8 {int8People} person cells share only {both}");
    }

    /// <summary>The GFL distance of one box side in bins: the softmax-weighted mean bin index.</summary>
    private static float ExpectedBin(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var l in logits)
        {
            max = Math.Max(max, l);
        }

        var (sum, weighted) = (0f, 0f);
        for (var i = 0; i < logits.Length; i++)
        {
            var e = MathF.Exp(logits[i] - max);
            sum += e;
            weighted += e * i;
        }

        return weighted / sum;
    }
}
