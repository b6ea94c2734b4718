namespace RetailVision.Models.Tests.Support;

/// <summary>A float tensor read back from a model run.</summary>
public sealed record TensorData(long[] Shape, float[] Values)
{
    public static float MaxAbsDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
