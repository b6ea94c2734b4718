using OpenCvSharp;
using RetailVision.Edge.Motion;

namespace RetailVision.Edge.Tests.Motion;

public sealed class MotionDetectorTests
{
    private static Mat Scene(int shiftX = 0, int noise = 0)
    {
        var frame = new Mat(480, 640, MatType.CV_8UC3, new Scalar(80, 90, 100));
        Cv2.Rectangle(frame, new Rect(100 + shiftX, 150, 40, 120), new Scalar(20, 30, 200), -1);
        if (noise > 0)
        {
            using var jitter = new Mat(480, 640, MatType.CV_8UC3);
            Cv2.Randu(jitter, Scalar.All(0), Scalar.All(noise));
            Cv2.Add(frame, jitter, frame);
        }
        return frame;
    }

    [Fact]
    public void Without_a_reference_everything_counts_as_changed()
    {
        using var frame = Scene();
        Assert.Equal(1, new MotionDetector(new MotionGateSettings()).Measure(frame));
    }

    [Fact]
    public void A_still_image_with_sensor_noise_is_still_and_a_person_moving_is_not()
    {
        var settings = new MotionGateSettings();
        var motion = new MotionDetector(settings);
        using var reference = Scene();
        motion.Measure(reference);
        motion.AcceptAsReference();

        using var noisy = Scene(noise: 6);
        Assert.True(motion.Measure(noisy) < settings.MinChangedFraction);
        using var moved = Scene(shiftX: 30);
        Assert.True(motion.Measure(moved) > settings.MinChangedFraction);
    }

    [Fact]
    public void Slow_drift_accumulates_against_the_reference_until_accepted()
    {
        var settings = new MotionGateSettings();
        var motion = new MotionDetector(settings);
        using var start = Scene();
        motion.Measure(start);
        motion.AcceptAsReference();
        using var far = Scene(shiftX: 40);
        Assert.True(motion.Measure(far) > settings.MinChangedFraction);
        motion.AcceptAsReference();
        using var same = Scene(shiftX: 40);
        Assert.True(motion.Measure(same) < settings.MinChangedFraction);
    }

    [Theory]
    [InlineData(2, 48, 12, 0.002, 10)]
    [InlineData(64, 48, 0, 0.002, 10)]
    [InlineData(64, 48, 12, 1.5, 10)]
    [InlineData(64, 48, 12, 0.002, -1)]
    public void Settings_out_of_range_are_named(int columns, int rows, int delta, double fraction, double maxSkip)
    {
        var settings = new MotionGateSettings { Columns = columns, Rows = rows, CellDelta = delta, MinChangedFraction = fraction, MaxSkipSeconds = maxSkip };
        Assert.NotNull(settings.Validate());
        Assert.Null(new MotionGateSettings().Validate());
    }
}
