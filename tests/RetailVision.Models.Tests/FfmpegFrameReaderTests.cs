using RetailVision.Models.Quantization;
using RetailVision.Models.Tests.Support;

namespace RetailVision.Models.Tests;

/// <summary>Calibration input made by ffmpeg: letterboxed as the manifest says, normalised per channel, frames chosen by number.</summary>
public sealed class FfmpegFrameReaderTests
{
    [Fact]
    public void FramesAreLetterboxedCentredAndNormalised()
    {
        var spec = ModelStore.OpenDefault().Manifest.Input;
        var read = FfmpegFrameReader.Read(FrameInputBuilder.SampleVideo, spec, 12, f => f % 4 == 1)
            .Select(f => (f.Frame, Input: f.Input.ToArray())).ToList();

        Assert.Equal([1, 5, 9], read.Select(f => f.Frame));
        // 768x576 into 416x416 keeps 416x312: 52 rows of padding above and below, pixel value 0 before normalisation.
        var plane = spec.Width * spec.Height;
        var input = read[0].Input;
        for (var c = 0; c < 3; c++)
        {
            var padding = -spec.Mean[c] / spec.Std[c];
            Assert.Equal(padding, input[c * plane + 51 * spec.Width + 200], 4);
            Assert.Equal(padding, input[c * plane + 364 * spec.Width + 200], 4);
            var picture = input.AsSpan(c * plane + 52 * spec.Width, 312 * spec.Width).ToArray();
            Assert.True(picture.Count(v => Math.Abs(v - padding) > 0.1f) > 0.9 * picture.Length, "the picture rows hold the picture");
        }
    }

    [Fact]
    public void AskingForMoreFramesThanTheVideoHasIsAnError()
    {
        var spec = ModelStore.OpenDefault().Manifest.Input;
        var error = Assert.Throws<InvalidOperationException>(() => FfmpegFrameReader.Read(FrameInputBuilder.SampleVideo, spec, 900, _ => false).Count());
        Assert.Contains("has only 795 frames", error.Message);
    }

    [Fact]
    public void TheFilterFollowsTheLetterboxSpec()
    {
        var spec = ModelStore.OpenDefault().Manifest.Input with { Width = 640, Height = 480 };

        Assert.Equal(
            "scale=640:480:force_original_aspect_ratio=decrease:flags=bilinear,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=0x000000",
            FfmpegFrameReader.LetterboxFilter(spec));
    }
}
