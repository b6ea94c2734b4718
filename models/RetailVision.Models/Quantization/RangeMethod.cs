namespace RetailVision.Models.Quantization;

/// <summary>How an activation's quantisation range is chosen from the values seen during calibration.</summary>
public enum RangeMethod
{
    /// <summary>The smallest and largest value seen: no clipping, but a rare outlier costs resolution everywhere else.</summary>
    MinMax,

    /// <summary>The given lower and upper percentiles of all values seen: clips the rarest outliers.</summary>
    Percentile,

    /// <summary>Of a grid of percentile ranges, the one whose uint8 quantise-dequantise error (mean squared) is smallest.</summary>
    Mse,
}
