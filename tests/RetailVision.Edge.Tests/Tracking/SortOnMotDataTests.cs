using System.Diagnostics;
using RetailVision.Edge.Evaluation;
using RetailVision.Tests.Shared;
using RetailVision.Edge.Tracking;
using Xunit.Abstractions;

namespace RetailVision.Edge.Tests.Tracking;

/// <summary>The tracker on the shared MOT15 sequences with Faster R-CNN detections, scored by <see cref="MotEvaluator"/>.</summary>
public sealed class SortOnMotDataTests(ITestOutputHelper output)
{
    // Sequence, detections, a second file (ground truth or abewley/sort's output), frame rate, last frame.
    public static TheoryData<string, string, string, double, int> WithGroundTruth => new()
    {
        { "TUD-Campus", "frcnn-det.txt", "gt.txt", 25, 71 },
        { "TUD-Stadtmitte", "frcnn-det.txt", "gt.txt", 25, 179 },
        { "PETS09-S2L1", "frcnn-det-frames-1-400.txt", "gt-frames-1-400.txt", 7, 400 },
    };

    public static TheoryData<string, string, string, double, int> WithSortOutput => new()
    {
        { "TUD-Campus", "frcnn-det.txt", "sort-result.txt", 25, 71 },
        { "TUD-Stadtmitte", "frcnn-det.txt", "sort-result.txt", 25, 179 },
        { "PETS09-S2L1", "frcnn-det-frames-1-400.txt", "sort-result-frames-1-400.txt", 7, 400 },
    };

    [SkippableFact]
    public void Sort_mode_reproduces_sorts_published_result_on_tud_campus()
    {
        TestRepository.RequireEvalData();

        var tracks = TrackerReplay.Run(MotFile.Read(TestRepository.Mot("TUD-Campus", "frcnn-det.txt")), TrackerOptions.Sort(25), 25);
        var m = MotEvaluator.Evaluate(MotFile.Read(TestRepository.Mot("TUD-Campus", "gt.txt")), tracks);

        Assert.Equal((15, 113, 6), (m.FalsePositives, m.FalseNegatives, m.IdSwitches));
        Assert.Equal(0.627, m.Mota, 1e-3);
    }

    [SkippableTheory]
    [MemberData(nameof(WithSortOutput))]
    public void Sort_mode_outputs_the_boxes_of_the_reference_implementation(string sequence, string detectionFile, string sortFile, double fps, int lastFrame)
    {
        TestRepository.RequireEvalData();

        var ours = TrackerReplay.Run(MotFile.Read(TestRepository.Mot(sequence, detectionFile)), TrackerOptions.Sort(fps), fps, lastFrame);
        var reference = MotFile.Read(TestRepository.Mot(sequence, sortFile));

        // The reference prints two decimals; ids differ (it numbers across sequences). Pair boxes within each frame.
        Assert.Equal(reference.Count, ours.Count);
        foreach (var frame in reference.GroupBy(r => r.Frame))
        {
            var unpaired = ours.Where(r => r.Frame == frame.Key).ToList();
            foreach (var expected in frame)
            {
                var closest = unpaired.MinBy(r => Math.Abs(r.Box.X - expected.Box.X) + Math.Abs(r.Box.Y - expected.Box.Y));
                Assert.True(closest.Frame == frame.Key
                    && Math.Abs(closest.Box.X - expected.Box.X) <= 0.011 && Math.Abs(closest.Box.Y - expected.Box.Y) <= 0.011
                    && Math.Abs(closest.Box.Width - expected.Box.Width) <= 0.011 && Math.Abs(closest.Box.Height - expected.Box.Height) <= 0.011,
                    $"frame {frame.Key}: no box of ours matches {expected.Box}");
                unpaired.Remove(closest);
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(WithGroundTruth))]
    public void Default_mode_keeps_identities_better_than_sort(string sequence, string detectionFile, string truthFile, double fps, int lastFrame)
    {
        TestRepository.RequireEvalData();
        var detections = MotFile.Read(TestRepository.Mot(sequence, detectionFile));
        var truth = MotFile.Read(TestRepository.Mot(sequence, truthFile));

        var sort = MotEvaluator.Evaluate(truth, TrackerReplay.Run(detections, TrackerOptions.Sort(fps), fps, lastFrame));
        var product = MotEvaluator.Evaluate(truth, TrackerReplay.Run(detections, TrackerOptions.Default, fps, lastFrame));

        output.WriteLine($"{sequence} SORT:    {Summary(sort)}");
        output.WriteLine($"{sequence} default: {Summary(product)}");
        Assert.True(product.Idf1 > sort.Idf1, "IDF1");
        Assert.True(product.Mota > sort.Mota, "MOTA");
    }

    [SkippableFact]
    public void Tracks_pets09_detections_far_faster_than_real_time()
    {
        TestRepository.RequireEvalData();
        var detections = MotFile.Read(TestRepository.Mot("PETS09-S2L1", "frcnn-det-frames-1-400.txt"));
        TrackerReplay.Run(detections, TrackerOptions.Default, 7, 400); // warm-up (JIT)

        var framesPerSecond = new double[5];
        for (var run = 0; run < framesPerSecond.Length; run++)
        {
            var clock = Stopwatch.StartNew();
            TrackerReplay.Run(detections, TrackerOptions.Default, 7, 400);
            framesPerSecond[run] = 400 / clock.Elapsed.TotalSeconds;
        }
        Array.Sort(framesPerSecond);

        output.WriteLine($"PETS09-S2L1 frames 1-400 ({detections.Count} detections): median {framesPerSecond[2]:F0} frames/s");
        Assert.True(framesPerSecond[2] > 500, $"{framesPerSecond[2]:F0} frames/s");
    }

    private static string Summary(MotMetrics m) =>
        $"MOTA {m.Mota:F3} IDF1 {m.Idf1:F3} FP {m.FalsePositives} FN {m.FalseNegatives} IDSW {m.IdSwitches} FM {m.Fragmentations} MT {m.MostlyTracked} ML {m.MostlyLost}";
}
