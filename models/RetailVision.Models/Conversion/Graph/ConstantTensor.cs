namespace RetailVision.Models.Conversion.Graph;

/// <summary>
/// A constant in the ONNX-level graph: float32 or int64 (ONNX wants int64 for shapes, pads and
/// sizes, so TF int32 constants are widened on the way in). Exactly one of the arrays is set.
/// </summary>
internal sealed record ConstantTensor
{
    private ConstantTensor(string name, long[] shape, float[]? floats, long[]? longs)
    {
        var count = ElementCountOf(shape);
        if ((floats?.Length ?? longs!.Length) != count)
        {
            throw new ArgumentException($"constant {name}: shape [{string.Join(',', shape)}] does not match its {floats?.Length ?? longs!.Length} values");
        }

        Name = name;
        Shape = shape;
        Floats = floats;
        Longs = longs;
    }

    public string Name { get; }

    public long[] Shape { get; }

    public float[]? Floats { get; }

    public long[]? Longs { get; }

    public bool IsFloat => Floats is not null;

    public static ConstantTensor OfFloats(string name, long[] shape, float[] values) => new(name, shape, values, null);

    public static ConstantTensor OfLongs(string name, long[] shape, long[] values) => new(name, shape, null, values);

    public static long ElementCountOf(IReadOnlyList<long> shape) => shape.Aggregate(1L, (a, d) => checked(a * d));

    public ConstantTensor Renamed(string name) => new(name, Shape, Floats, Longs);

    public ConstantTensor Reshaped(long[] shape) => new(Name, shape, Floats, Longs);

    /// <summary>The constant with its axes permuted: result dim i is source dim <paramref name="perm"/>[i].</summary>
    public ConstantTensor Transposed(IReadOnlyList<int> perm)
    {
        var rank = Shape.Length;
        if (perm.Count != rank)
        {
            throw new ArgumentException($"constant {Name}: permutation of rank {perm.Count} for rank {rank}");
        }

        var outShape = perm.Select(p => Shape[p]).ToArray();
        var sourceStrides = StridesOf(Shape);
        var count = ElementCountOf(Shape);
        var sourceIndexOf = new long[count];
        var index = new long[rank];
        for (var flat = 0L; flat < count; flat++)
        {
            var source = 0L;
            for (var d = 0; d < rank; d++)
            {
                source += index[d] * sourceStrides[perm[d]];
            }

            sourceIndexOf[flat] = source;
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < outShape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        return Floats is not null
            ? new ConstantTensor(Name, outShape, sourceIndexOf.Select(i => Floats[i]).ToArray(), null)
            : new ConstantTensor(Name, outShape, null, sourceIndexOf.Select(i => Longs![i]).ToArray());
    }

    private static long[] StridesOf(long[] shape)
    {
        var strides = new long[shape.Length];
        var stride = 1L;
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= shape[d];
        }

        return strides;
    }
}
