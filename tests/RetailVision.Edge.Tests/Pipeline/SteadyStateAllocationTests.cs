using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using RetailVision.Contracts;
using RetailVision.Edge.Capture;
using RetailVision.Edge.Delivery;
using RetailVision.Edge.Configuration;
using RetailVision.Edge.Evaluation;
using RetailVision.Edge.Geometry;
using RetailVision.Edge.Inference;
using RetailVision.Edge.Motion;
using RetailVision.Edge.Pipeline;
using RetailVision.Edge.Tracking;
using RetailVision.Models;
using RetailVision.Tests.Shared;
using Xunit.Abstractions;

namespace RetailVision.Edge.Tests.Pipeline;

/// <summary>
/// The frame loop's parts allocate no managed memory once warmed up, measured on the calling thread over real frames
/// and real detections. The bench command measures the assembled pipeline the same way.
/// </summary>
public sealed class SteadyStateAllocationTests(ITestOutputHelper output)
{
    [Fact]
    public void Bytetrack_allocates_nothing_per_frame_on_real_detections()
    {
        var detections = PetsDetectionsByFrame();
        var tracker = PersonTrackerFactory.Create(TrackerOptions.Default);
        // Two passes grow the track pool and buffers to the scene's crowd, the seam between passes included (people of
        // one pass are still remembered when the next one's appear); the third replays it, time running on.
        var frames = detections.Length - 1;
        var worst = 0L;
        for (var pass = 0; pass < 3; pass++)
        {
            for (var f = 1; f <= frames; f++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                tracker.Update(CollectionsMarshal.AsSpan(detections[f]), (pass * (frames + 10) + f) / 7.0);
                tracker.Predict((pass * (frames + 10) + f + 0.5) / 7.0);
                if (pass == 2) worst = Math.Max(worst, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }
        output.WriteLine($"most bytes in one frame of the replay: {worst}");
        Assert.Equal(0, worst);
    }

    [Fact]
    public void Detector_and_motion_gate_allocate_nothing_per_frame_on_real_video()
    {
        var model = ModelStore.OpenDefault().Prepare(416, 416);
        var settings = PipelineSettingsFactory.Detector(new DetectorConfig(), model);
        using var detector = new PersonDetector(model.OnnxPath, settings, NullLogger.Instance);
        var motion = new MotionDetector(new MotionGateSettings());
        VideoSourceUri.TryParse(TestRepository.VtestVideo, out var uri, out _);
        using var source = VideoFrameSource.Open(uri);
        using var frame = new Mat();
        var found = new Detection[settings.MaxDetections];
        long readWorst = 0, detectWorst = 0, motionWorst = 0;
        for (var f = 0; f < 40; f++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.True(source.Read(frame, out _));
            var read = GC.GetAllocatedBytesForCurrentThread();
            detector.Detect(frame, found);
            var detected = GC.GetAllocatedBytesForCurrentThread();
            motion.Measure(frame);
            motion.AcceptAsReference();
            var measured = GC.GetAllocatedBytesForCurrentThread();
            if (f < 5) continue;
            readWorst = Math.Max(readWorst, read - before);
            detectWorst = Math.Max(detectWorst, detected - read);
            motionWorst = Math.Max(motionWorst, measured - detected);
        }
        output.WriteLine($"most bytes in one frame: read {readWorst}, detect {detectWorst}, motion {motionWorst}");
        Assert.Equal(0, detectWorst);
        Assert.Equal(0, motionWorst);
    }

    [Fact]
    public void Camera_pipeline_allocates_nothing_on_frames_that_publish_nothing()
    {
        var detections = PetsDetectionsByFrame();
        var store = StoreConfigLoader.Load(TestRepository.DemoStoreConfig);
        var settings = new CameraPipelineSettings
        {
            StoreId = store.StoreId,
            CameraId = store.Cameras[0].Id,
            StreamStart = DateTimeOffset.UnixEpoch,
            FrameWidth = 768,
            FrameHeight = 576,
            FramesPerSecond = 7,
            Zones = ZoneConfigMapper.ToZones(store.Cameras[0].Zones),
            Lines = ZoneConfigMapper.ToLines(store.Cameras[0].Lines),
            Tracker = PipelineSettingsFactory.Tracker(store.Tracker),
            Heatmap = store.Heatmap,
        };
        var detector = new ReplayDetector(detections);
        var sink = new CountingSink();
        var pipeline = new CameraPipeline(settings, detector, sink);
        using var frame = new Mat(576, 768, MatType.CV_8UC3, Scalar.All(90));
        var frames = detections.Length - 1;
        // Two passes to grow every buffer to the scene (the seam between passes included), the third measured.
        for (var pass = 0; pass < 2; pass++)
        {
            for (var f = 1; f <= frames; f++) pipeline.Process(frame, (pass * (frames + 10) + f) / 7.0);
            detector.Rewind();
        }
        var worst = 0L;
        var quiet = 0;
        for (var f = 1; f <= frames; f++)
        {
            var messages = sink.Messages;
            var before = GC.GetAllocatedBytesForCurrentThread();
            pipeline.Process(frame, (2 * (frames + 10) + f) / 7.0);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (sink.Messages != messages) continue;
            quiet++;
            worst = Math.Max(worst, allocated);
        }
        output.WriteLine($"most bytes in one of {quiet} frames without a message: {worst}; {sink.Messages} messages");
        Assert.True(quiet > frames / 2);
        Assert.True(sink.Messages > 0);
        Assert.Equal(0, worst);
    }

    private sealed class ReplayDetector(List<Detection>[] byFrame) : IPersonDetector
    {
        private int _next = 1;

        public string ExecutionProvider => "replay";

        public void Rewind() => _next = 1;

        public int Detect(Mat frame, Span<Detection> output)
        {
            var detections = byFrame[Math.Min(_next++, byFrame.Length - 1)];
            CollectionsMarshal.AsSpan(detections).CopyTo(output);
            return detections.Count;
        }
    }

    private sealed class CountingSink : IEventSink
    {
        public int Messages { get; private set; }
        public void Publish(DecisionPointEvent decisionPoint) => Messages++;
        public void Publish(HeatmapSnapshot snapshot) => Messages++;
    }

    private static List<Detection>[] PetsDetectionsByFrame()
    {
        var path = TestRepository.EvalRoot is null
            ? null
            : TestRepository.Mot("PETS09-S2L1", "frcnn-det-frames-1-400.txt");
        var byFrame = new List<Detection>[401];
        for (var f = 0; f < byFrame.Length; f++) byFrame[f] = [];
        if (path is null)
        {
            // Without the evaluation data: three people walking across, which exercises the same code paths.
            for (var f = 1; f <= 400; f++)
                for (var p = 0; p < 3; p++)
                    byFrame[f].Add(new Detection(new BoundingBox(50 + p * 150 + f, 100 + p * 20, 40, 120), 0.9f));
            return byFrame;
        }
        foreach (var row in MotFile.Read(path)) byFrame[row.Frame].Add(new Detection(row.Box, row.Score));
        return byFrame;
    }
}
