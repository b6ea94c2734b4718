using OpenCvSharp;
using RetailVision.Contracts;
using RetailVision.Edge.Delivery;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Motion;
using RetailVision.Edge.Pipeline;
using RetailVision.Edge.Tracking;
using RetailVision.Edge.Zones;

namespace RetailVision.Edge.Tests.Pipeline;

/// <summary>The detector is skipped while the image is still, and the people standing in it are kept.</summary>
public sealed class MotionGatedPipelineTests
{
    private sealed class StandingPersonDetector : IPersonDetector
    {
        public int Runs { get; private set; }
        public string ExecutionProvider => "test";

        public int Detect(Mat frame, Span<Detection> output)
        {
            Runs++;
            output[0] = new Detection(new BoundingBox(300, 200, 40, 120), 0.9f);
            return 1;
        }
    }

    private sealed class NullSink : IEventSink
    {
        public void Publish(DecisionPointEvent decisionPoint) { }
        public void Publish(HeatmapSnapshot snapshot) { }
    }

    private static CameraPipelineSettings Settings(MotionGateSettings? gate) => new()
    {
        StoreId = "s",
        CameraId = "c",
        StreamStart = DateTimeOffset.UnixEpoch,
        FrameWidth = 640,
        FrameHeight = 480,
        FramesPerSecond = 10,
        DetectFps = 5,
        Zones = [],
        Tracker = TrackerOptions.Default,
        MotionGate = gate,
    };

    [Fact]
    public void A_still_scene_skips_the_detector_but_keeps_reporting_the_person_standing_in_it()
    {
        var detector = new StandingPersonDetector();
        var gate = new MotionGateSettings { MaxSkipSeconds = 5 };
        using var frame = new Mat(480, 640, MatType.CV_8UC3, new Scalar(80, 90, 100));
        var reported = 0;
        var lastFrameTracks = 0;
        var observed = new CameraPipeline(Settings(gate), detector, new NullSink())
        {
            OnTracks = (_, tracks) => lastFrameTracks = tracks.Length,
        };
        for (var f = 0; f < 120; f++)
        {
            observed.Process(frame, f / 10.0);
            if (lastFrameTracks == 1) reported++;
        }

        // 12 s at 5 detections/s is 60 detection times; the image never changes, so only the first and the forced
        // ones at most every 5 s run the detector.
        Assert.Equal(3, observed.DetectionsRun);
        Assert.Equal(57, observed.DetectionsSkippedStill);
        Assert.True(reported > 110, $"the standing person was reported on {reported} of 120 frames");
    }

    [Fact]
    public void Without_the_gate_every_detection_time_runs_the_detector()
    {
        var detector = new StandingPersonDetector();
        var pipeline = new CameraPipeline(Settings(null), detector, new NullSink());
        using var frame = new Mat(480, 640, MatType.CV_8UC3, new Scalar(80, 90, 100));
        for (var f = 0; f < 120; f++) pipeline.Process(frame, f / 10.0);
        Assert.Equal(60, pipeline.DetectionsRun);
        Assert.Equal(0, pipeline.DetectionsSkippedStill);
    }
}
