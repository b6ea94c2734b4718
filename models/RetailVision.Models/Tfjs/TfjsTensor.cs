namespace RetailVision.Models.Tfjs;

/// <summary>A decoded constant tensor: exactly one of <see cref="Floats"/> and <see cref="Ints"/> is set.</summary>
public sealed record TfjsTensor
{
    private TfjsTensor(string name, int[] shape, float[]? floats, int[]? ints)
    {
        var count = ElementCountOf(shape);
        var length = floats?.Length ?? ints!.Length;
        if (length != count)
        {
            throw new ArgumentException($"tensor {name}: shape [{string.Join(',', shape)}] needs {count} values, got {length}");
        }

        Name = name;
        Shape = shape;
        Floats = floats;
        Ints = ints;
    }

    public string Name { get; }

    public IReadOnlyList<int> Shape { get; }

    public float[]? Floats { get; }

    public int[]? Ints { get; }

    public TfjsDataType DataType => Floats is not null ? TfjsDataType.Float32 : TfjsDataType.Int32;

    public int ElementCount => Floats?.Length ?? Ints!.Length;

    public static TfjsTensor OfFloats(string name, int[] shape, float[] values) => new(name, shape, values, null);

    public static TfjsTensor OfInts(string name, int[] shape, int[] values) => new(name, shape, null, values);

    public static int ElementCountOf(IReadOnlyList<int> shape)
    {
        var count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"negative dimension in shape [{string.Join(',', shape)}]");
            }

            count = checked(count * dim);
        }

        return count;
    }
}
