namespace RetailVision.Edge.Evaluation;

/// <summary>
/// CLEAR MOT and identity metrics of a tracker against ground truth, as py-motmetrics and the MOTChallenge devkit
/// report them (abbreviations in brackets). Ratios are NaN when their denominator is zero.
/// </summary>
/// <param name="Mota">1 − (misses + switches + false positives) / ground-truth boxes [MOTA].</param>
/// <param name="Motp">Mean 1 − IoU of matched pairs: lower is better, as py-motmetrics reports it [MOTP].</param>
/// <param name="FalsePositives">Hypothesis boxes matched to no ground truth [FP].</param>
/// <param name="FalseNegatives">Ground-truth boxes matched to no hypothesis [FN].</param>
/// <param name="IdSwitches">Matches whose hypothesis differs from the one the person was last matched to [IDSW].</param>
/// <param name="Fragmentations">Times a person's tracking is interrupted and later resumed [FM].</param>
/// <param name="MostlyTracked">People matched on at least 80% of their frames [MT].</param>
/// <param name="PartiallyTracked">People matched on 20–80% of their frames [PT].</param>
/// <param name="MostlyLost">People matched on less than 20% of their frames [ML].</param>
/// <param name="GroundTruthIds">Distinct people in the ground truth [GT].</param>
/// <param name="GroundTruthBoxes">Ground-truth boxes over all frames (the MOTA denominator).</param>
/// <param name="Idf1">Identity F1 after the best global pairing of people to hypothesis ids [IDF1].</param>
/// <param name="IdPrecision">Identity precision [IDP].</param>
/// <param name="IdRecall">Identity recall [IDR].</param>
/// <param name="Recall">Matched ground-truth boxes / ground-truth boxes [Rcll].</param>
/// <param name="Precision">Matched hypothesis boxes / hypothesis boxes [Prcn].</param>
/// <param name="Matches">Matches that are not switches (py-motmetrics' num_matches; matched boxes = Matches + IdSwitches).</param>
/// <param name="Frames">Frames holding ground truth or hypotheses.</param>
public sealed record MotMetrics(
    double Mota,
    double Motp,
    int FalsePositives,
    int FalseNegatives,
    int IdSwitches,
    int Fragmentations,
    int MostlyTracked,
    int PartiallyTracked,
    int MostlyLost,
    int GroundTruthIds,
    int GroundTruthBoxes,
    double Idf1,
    double IdPrecision,
    double IdRecall,
    double Recall,
    double Precision,
    int Matches,
    int Frames);
