using RetailVision.Edge.Evaluation;
using RetailVision.Edge.Tracking;
using RetailVision.Tests.Shared;
using Xunit.Abstractions;

namespace RetailVision.Edge.Tests.Tracking;

/// <summary>ByteTrack with its defaults against SORT as published, on the shared MOT15 sequences with Faster R-CNN detections.</summary>
public sealed class ByteTrackOnMotDataTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [MemberData(nameof(SortOnMotDataTests.WithGroundTruth), MemberType = typeof(SortOnMotDataTests))]
    public void Default_bytetrack_beats_sort_on_mota_and_idf1(string sequence, string detectionFile, string truthFile, double fps, int lastFrame)
    {
        TestRepository.RequireEvalData();
        var detections = MotFile.Read(TestRepository.Mot(sequence, detectionFile));
        var truth = MotFile.Read(TestRepository.Mot(sequence, truthFile));

        var sort = MotEvaluator.Evaluate(truth, TrackerReplay.Run(detections, TrackerOptions.Sort(fps), fps, lastFrame));
        var byteTrack = MotEvaluator.Evaluate(truth, TrackerReplay.Run(detections, TrackerOptions.Default, fps, lastFrame));

        output.WriteLine($"{sequence} SORT:      MOTA {sort.Mota:F3} IDF1 {sort.Idf1:F3} IDSW {sort.IdSwitches}");
        output.WriteLine($"{sequence} ByteTrack: MOTA {byteTrack.Mota:F3} IDF1 {byteTrack.Idf1:F3} IDSW {byteTrack.IdSwitches}");
        Assert.True(byteTrack.Mota > sort.Mota, "MOTA");
        Assert.True(byteTrack.Idf1 > sort.Idf1, "IDF1");
    }
}
