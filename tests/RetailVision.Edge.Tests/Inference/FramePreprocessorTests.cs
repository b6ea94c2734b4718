using OpenCvSharp;
using RetailVision.Edge.Inference;

namespace RetailVision.Edge.Tests.Inference;

public sealed class FramePreprocessorTests
{
    [Fact]
    public void Later_frames_into_the_same_input_equal_a_fresh_full_write()
    {
        var settings = new DetectorSettings();
        using var first = new Mat(576, 768, MatType.CV_8UC3, new Scalar(10, 200, 30));
        using var second = new Mat(576, 768, MatType.CV_8UC3, new Scalar(120, 40, 250));
        Cv2.Circle(second, new Point(300, 200), 80, new Scalar(0, 255, 255), -1);
        var reused = GC.AllocateArray<float>(3 * 416 * 416, pinned: true);
        var fresh = new float[reused.Length];
        using (var preprocessor = new FramePreprocessor(settings))
        {
            preprocessor.Run(first, reused);
            var transform = preprocessor.Run(second, reused);
            Assert.Equal(52, transform.OffsetY);
        }
        using (var preprocessor = new FramePreprocessor(settings)) preprocessor.Run(second, fresh);
        Assert.Equal(fresh, reused);
        // The padding holds the normalised zero pixel.
        Assert.Equal(-settings.MeanBgr[0] / settings.StdBgr[0], reused[0], 5);
    }
}
