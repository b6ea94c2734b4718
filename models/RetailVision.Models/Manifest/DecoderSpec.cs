namespace RetailVision.Models.Manifest;

/// <summary>
/// How to turn the raw outputs into boxes. For <c>nanodet-gfl</c>: per stride s, <c>scores_s{s}</c>
/// [batch, N, classes] and <c>boxes_s{s}</c> [batch, N, 4·(RegMax+1)] with N = (H/s)·(W/s) cells in
/// row-major order; the box logits are 4 groups (left, top, right, bottom) of RegMax+1 bins, each
/// side being the softmax-expected bin index times s, measured from the cell centre
/// ((col+0.5)·s, (row+0.5)·s) in input pixels.
/// </summary>
public sealed record DecoderSpec(
    string Kind,
    IReadOnlyList<int> Strides,
    int RegMax,
    bool ScoresSigmoided,
    float NmsIou);
