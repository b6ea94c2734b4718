using RetailVision.Edge.Evaluation;
using RetailVision.Edge.Geometry;

namespace RetailVision.Edge.Tests.Evaluation;

public sealed class MotEvaluatorTests
{
    private static MotRow Row(int frame, int id, float x = 0, float y = 0, float w = 10, float h = 10) => new(frame, id, new BoundingBox(x, y, w, h), 1);

    [Fact]
    public void Perfect_tracking_scores_perfectly_whatever_the_ids()
    {
        MotRow[] truth = [Row(1, 1), Row(1, 2, x: 50), Row(2, 1, x: 1), Row(2, 2, x: 51)];
        MotRow[] hypotheses = [Row(1, 7), Row(1, 9, x: 50), Row(2, 7, x: 1), Row(2, 9, x: 51)];

        var m = MotEvaluator.Evaluate(truth, hypotheses);

        Assert.Equal((1.0, 1.0, 0.0, 0, 0, 0, 2, 2, 4, 2), (m.Mota, m.Idf1, m.Motp, m.FalsePositives, m.FalseNegatives, m.IdSwitches, m.MostlyTracked, m.GroundTruthIds, m.Matches, m.Frames));
    }

    [Fact]
    public void A_new_hypothesis_id_for_the_same_person_is_one_switch_and_halves_identity_f1()
    {
        MotRow[] truth = [Row(1, 1), Row(2, 1), Row(3, 1), Row(4, 1)];
        MotRow[] hypotheses = [Row(1, 10), Row(2, 10), Row(3, 11), Row(4, 11)];

        var m = MotEvaluator.Evaluate(truth, hypotheses);

        Assert.Equal((1, 0, 0, 0.75, 0.5, 3), (m.IdSwitches, m.FalsePositives, m.FalseNegatives, m.Mota, m.Idf1, m.Matches));
    }

    [Theory]
    [InlineData(new[] { 1, 2, 4, 5 }, 1)] // tracked, lost on frame 3, tracked again: one fragmentation
    [InlineData(new[] { 1, 2, 3, 4 }, 0)] // lost at the end and never resumed: none
    [InlineData(new[] { 2, 3, 4, 5 }, 0)] // found late: none
    [InlineData(new[] { 1, 3, 5 }, 2)]
    public void Counts_fragmentations_between_first_and_last_tracked_frame(int[] trackedFrames, int expected)
    {
        var truth = Enumerable.Range(1, 5).Select(f => Row(f, 1)).ToArray();
        var hypotheses = trackedFrames.Select(f => Row(f, 10)).ToArray();

        Assert.Equal(expected, MotEvaluator.Evaluate(truth, hypotheses).Fragmentations);
    }

    [Fact]
    public void Keeps_last_frames_pair_while_it_stays_within_reach_even_when_another_is_closer()
    {
        // Frame 2: hypothesis 11 sits exactly on the person, but 10 (matched on frame 1) still overlaps with IoU 0.6.
        MotRow[] truth = [Row(1, 1), Row(2, 1)];
        MotRow[] hypotheses = [Row(1, 10), Row(2, 10, h: 6), Row(2, 11)];

        var m = MotEvaluator.Evaluate(truth, hypotheses);

        Assert.Equal((0, 1), (m.IdSwitches, m.FalsePositives));
        Assert.Equal(0.2, m.Motp, 12); // (0 + 0.4) / 2
    }

    [Theory]
    [InlineData(20f, 1)] // IoU exactly 0.5 matches: no +1 pixel convention
    [InlineData(20.5f, 0)]
    public void Matches_at_iou_of_one_half_and_above(float hypothesisHeight, int matches)
    {
        var m = MotEvaluator.Evaluate([Row(1, 1)], [Row(1, 10, h: hypothesisHeight)]);

        Assert.Equal(matches, m.Matches);
    }

    [Fact]
    public void Prefers_more_pairs_over_a_smaller_total_distance()
    {
        // A–X is perfect, but taking it leaves B unmatched; A–Y and B–X match both people.
        MotRow[] truth = [Row(1, 1), Row(1, 2, h: 16)];
        MotRow[] hypotheses = [Row(1, 10), Row(1, 11, h: 6)];

        var m = MotEvaluator.Evaluate(truth, hypotheses);

        Assert.Equal((2, 0, 0), (m.Matches, m.FalsePositives, m.FalseNegatives));
    }

    [Fact]
    public void Classifies_people_by_the_share_of_their_frames_tracked()
    {
        var truth = Enumerable.Range(1, 5).SelectMany(f => new[] { Row(f, 1), Row(f, 2, x: 100), Row(f, 3, x: 200) }).ToArray();
        // Person 1 on 4 of 5 frames (80%: mostly tracked), person 2 on 1 of 5 (20%: partially), person 3 never.
        var hypotheses = Enumerable.Range(1, 4).Select(f => Row(f, 10)).Append(Row(1, 20, x: 100)).ToArray();

        var m = MotEvaluator.Evaluate(truth, hypotheses);

        Assert.Equal((1, 1, 1, 3), (m.MostlyTracked, m.PartiallyTracked, m.MostlyLost, m.GroundTruthIds));
    }

    [Fact]
    public void Evaluates_only_the_requested_frames()
    {
        var truth = Enumerable.Range(1, 10).Select(f => Row(f, 1)).ToArray();
        var hypotheses = Enumerable.Range(1, 5).Select(f => Row(f, 10)).ToArray();

        var m = MotEvaluator.Evaluate(truth, hypotheses, firstFrame: 3, lastFrame: 7);

        Assert.Equal((5, 3, 2, 5), (m.Frames, m.Matches, m.FalseNegatives, m.GroundTruthBoxes));
    }
}
