using RetailVision.Models.Tfjs;

namespace RetailVision.Models.Conversion;

/// <summary>
/// Evaluates nodes whose inputs are all constants (the onnx-tf export leaves shape arithmetic
/// such as SparseToDense + AddV2 in the graph) so that only real computation is translated.
/// </summary>
internal static class TfjsConstantFolder
{
    public static (List<TfjsNode> Remaining, Dictionary<string, TfjsTensor> Constants) Fold(
        IReadOnlyList<TfjsNode> topologicalNodes, IReadOnlyDictionary<string, TfjsTensor> constants)
    {
        var known = new Dictionary<string, TfjsTensor>(constants, StringComparer.Ordinal);
        var remaining = new List<TfjsNode>();
        foreach (var node in topologicalNodes)
        {
            var folded = node.Inputs.Count > 0 && node.Inputs.All(known.ContainsKey) ? Evaluate(node, known) : null;
            if (folded is null)
            {
                remaining.Add(node);
            }
            else
            {
                known[node.Name] = folded;
            }
        }

        return (remaining, known);
    }

    private static TfjsTensor? Evaluate(TfjsNode node, Dictionary<string, TfjsTensor> known)
    {
        var inputs = node.Inputs.Select(i => known[i]).ToList();
        return node.Op switch
        {
            "Identity" => inputs[0],
            "Add" or "AddV2" => Add(node.Name, inputs[0], inputs[1]),
            "SparseToDense" => SparseToDense(node.Name, inputs[0], inputs[1], inputs[2], inputs[3]),
            _ => null,
        };
    }

    private static TfjsTensor Add(string name, TfjsTensor a, TfjsTensor b)
    {
        if (a.DataType != b.DataType)
        {
            throw new ConversionException($"node {name}: Add of {a.DataType} and {b.DataType}");
        }

        var shape = BroadcastShape(name, a.Shape, b.Shape);
        var count = TfjsTensor.ElementCountOf(shape);
        var aIndex = BroadcastIndices(a.Shape, shape);
        var bIndex = BroadcastIndices(b.Shape, shape);
        return a.DataType == TfjsDataType.Int32
            ? TfjsTensor.OfInts(name, shape, Enumerable.Range(0, count).Select(i => checked(a.Ints![aIndex[i]] + b.Ints![bIndex[i]])).ToArray())
            : TfjsTensor.OfFloats(name, shape, Enumerable.Range(0, count).Select(i => a.Floats![aIndex[i]] + b.Floats![bIndex[i]]).ToArray());
    }

    /// <summary>Output filled with the default value, then <c>values[i]</c> written at <c>indices[i]</c>.</summary>
    private static TfjsTensor SparseToDense(string name, TfjsTensor indices, TfjsTensor outputShape, TfjsTensor values, TfjsTensor defaultValue)
    {
        if (indices.DataType != TfjsDataType.Int32 || outputShape.DataType != TfjsDataType.Int32
            || values.DataType != defaultValue.DataType || defaultValue.ElementCount != 1)
        {
            throw new ConversionException($"node {name}: SparseToDense with unsupported input types");
        }

        var shape = outputShape.Ints!;
        var rank = shape.Length;
        var count = TfjsTensor.ElementCountOf(shape);
        var pointCount = indices.Shape.Count == 0 ? 1 : indices.Shape[0];
        var indexRank = indices.Shape.Count == 2 ? indices.Shape[1] : 1;
        if (indexRank != rank)
        {
            throw new ConversionException($"node {name}: SparseToDense indices of rank {indexRank} for output rank {rank}");
        }

        var flat = new int[pointCount];
        for (var p = 0; p < pointCount; p++)
        {
            var offset = 0;
            for (var d = 0; d < rank; d++)
            {
                var coordinate = indices.Ints![p * rank + d];
                if (coordinate < 0 || coordinate >= shape[d])
                {
                    throw new ConversionException($"node {name}: SparseToDense index out of range");
                }

                offset = offset * shape[d] + coordinate;
            }

            flat[p] = offset;
        }

        int ValueIndex(int p) => values.ElementCount == 1 ? 0 : p;
        if (values.DataType == TfjsDataType.Int32)
        {
            var dense = Enumerable.Repeat(defaultValue.Ints![0], count).ToArray();
            for (var p = 0; p < pointCount; p++)
            {
                dense[flat[p]] = values.Ints![ValueIndex(p)];
            }

            return TfjsTensor.OfInts(name, shape.ToArray(), dense);
        }

        var denseFloats = Enumerable.Repeat(defaultValue.Floats![0], count).ToArray();
        for (var p = 0; p < pointCount; p++)
        {
            denseFloats[flat[p]] = values.Floats![ValueIndex(p)];
        }

        return TfjsTensor.OfFloats(name, shape.ToArray(), denseFloats);
    }

    private static int[] BroadcastShape(string name, IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var rank = Math.Max(a.Count, b.Count);
        var shape = new int[rank];
        for (var d = 0; d < rank; d++)
        {
            var da = d - (rank - a.Count) >= 0 ? a[d - (rank - a.Count)] : 1;
            var db = d - (rank - b.Count) >= 0 ? b[d - (rank - b.Count)] : 1;
            shape[d] = da == db || db == 1 ? da : da == 1 ? db
                : throw new ConversionException($"node {name}: cannot broadcast [{string.Join(',', a)}] with [{string.Join(',', b)}]");
        }

        return shape;
    }

    /// <summary>For each element of the broadcast output, the flat index of the source element it reads.</summary>
    private static int[] BroadcastIndices(IReadOnlyList<int> source, int[] shape)
    {
        var count = TfjsTensor.ElementCountOf(shape);
        var result = new int[count];
        var index = new int[shape.Length];
        var offset = shape.Length - source.Count;
        for (var flat = 0; flat < count; flat++)
        {
            var sourceFlat = 0;
            for (var d = 0; d < source.Count; d++)
            {
                sourceFlat = sourceFlat * source[d] + (source[d] == 1 ? 0 : index[d + offset]);
            }

            result[flat] = sourceFlat;
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        return result;
    }
}
