namespace RetailVision.Models.Conversion;

/// <summary>
/// Names detection-head outputs by what they hold: <c>[batch, N, ClassCount]</c> becomes
/// <c>scores_s{stride}</c> and <c>[batch, N, BoxChannels]</c> becomes <c>boxes_s{stride}</c>,
/// where N = (H/stride)·(W/stride). Outputs are ordered by stride, scores before boxes.
/// </summary>
public sealed record DetectionOutputNaming(int ClassCount, int BoxChannels, IReadOnlyList<int> Strides)
{
    /// <summary>The name and sort key for an output of this shape, or null when it is not a head output.</summary>
    public (string Name, int Order)? NameFor(IReadOnlyList<long> shape, InputSize inputSize)
    {
        if (shape.Count != 3)
        {
            return null;
        }

        var kind = shape[2] == ClassCount ? "scores" : shape[2] == BoxChannels ? "boxes" : null;
        if (kind is null)
        {
            return null;
        }

        for (var i = 0; i < Strides.Count; i++)
        {
            var stride = Strides[i];
            if (inputSize.Width % stride == 0 && inputSize.Height % stride == 0
                && shape[1] == (long)(inputSize.Width / stride) * (inputSize.Height / stride))
            {
                return ($"{kind}_s{stride}", i * 2 + (kind == "boxes" ? 1 : 0));
            }
        }

        return null;
    }
}
