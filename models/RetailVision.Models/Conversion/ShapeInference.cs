using RetailVision.Models.Conversion.Graph;

namespace RetailVision.Models.Conversion;

/// <summary>
/// Computes every value's shape from the input shape, so that outputs can be declared with their
/// real dimensions and so that a retargeted or batch-rewritten graph that no longer fits together
/// fails at conversion time rather than at inference time. Only the symbolic batch may be unknown.
/// </summary>
internal static class ShapeInference
{
    public static Dictionary<string, long[]> Infer(ModelGraph graph)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal) { [graph.InputName] = graph.InputShape };
        foreach (var (name, constant) in graph.Initializers)
        {
            shapes[name] = constant.Shape;
        }

        foreach (var node in GraphTopology.Sort(graph))
        {
            long[] In(int i) => shapes.TryGetValue(node.Inputs[i], out var shape)
                ? shape
                : throw new ConversionException($"node {node.Name}: input '{node.Inputs[i]}' has no known shape");

            try
            {
                var outputs = node.OpType switch
                {
                    "Identity" or "LeakyRelu" or "Relu" or "Sigmoid" => [In(0)],
                    "Add" or "Sub" or "Mul" or "Div" => [Broadcast(In(0), In(1))],
                    "Transpose" => [node.Permutation.Select(p => In(0)[p]).ToArray()],
                    "Conv" => [Convolution(node, In(0), In(1))],
                    "MaxPool" => [Pool(node, In(0))],
                    "Pad" => [Pad(In(0), Constant(graph, node, 1))],
                    "Resize" => [Resize(node, In(0), Constant(graph, node, 3))],
                    "Concat" => [Concat(node, node.Inputs.Select((_, i) => In(i)).ToList())],
                    "Split" => Split(node, In(0), Constant(graph, node, 1)),
                    "Reshape" => [Reshape(In(0), Constant(graph, node, 1))],
                    _ => throw new ConversionException($"op '{node.OpType}' has no shape rule"),
                };
                for (var i = 0; i < node.Outputs.Count; i++)
                {
                    shapes[node.Outputs[i]] = outputs[i];
                }
            }
            catch (ConversionException e) when (!e.Message.StartsWith("node ", StringComparison.Ordinal))
            {
                throw new ConversionException($"node {node.Name} ({node.OpType}): {e.Message}");
            }
        }

        return shapes;
    }

    private static long[] Constant(ModelGraph graph, GraphNode node, int index) =>
        graph.ConstantOrNull(node.Inputs[index])?.Longs ?? throw new ConversionException($"input {index} must be an int64 constant");

    private static long[] Broadcast(long[] a, long[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new long[rank];
        for (var d = 0; d < rank; d++)
        {
            var x = d - (rank - a.Length) >= 0 ? a[d - (rank - a.Length)] : 1;
            var y = d - (rank - b.Length) >= 0 ? b[d - (rank - b.Length)] : 1;
            result[d] = x == y || y == 1 ? x : x == 1 ? y
                : throw new ConversionException($"cannot broadcast {Text(a)} with {Text(b)}");
        }

        return result;
    }

    private static long[] Convolution(GraphNode node, long[] input, long[] weights)
    {
        if (input.Length != 4 || weights.Length != 4 || input[1] != weights[1])
        {
            throw new ConversionException($"input {Text(input)} does not fit weights {Text(weights)} (grouped convolution is not supported)");
        }

        var (height, width) = SpatialOutput(node, input, weights[2], weights[3]);
        return [input[0], weights[0], height, width];
    }

    private static long[] Pool(GraphNode node, long[] input)
    {
        var kernel = node.Ints("kernel_shape");
        var (height, width) = SpatialOutput(node, input, kernel[0], kernel[1]);
        return [input[0], input[1], height, width];
    }

    private static (long Height, long Width) SpatialOutput(GraphNode node, long[] input, long kernelHeight, long kernelWidth)
    {
        if (input[2] < 0 || input[3] < 0)
        {
            throw new ConversionException($"spatial size of {Text(input)} must be fixed");
        }

        var strides = node.Attributes.ContainsKey("strides") ? node.Ints("strides") : [1, 1];
        if (node.Attributes.TryGetValue("auto_pad", out var autoPad) && autoPad.String == "SAME_UPPER")
        {
            return (CeilDiv(input[2], strides[0]), CeilDiv(input[3], strides[1]));
        }

        var dilations = node.Attributes.ContainsKey("dilations") ? node.Ints("dilations") : [1, 1];
        var pads = node.Attributes.ContainsKey("pads") ? node.Ints("pads") : [0, 0, 0, 0];
        long Extent(int axis, long kernel) =>
            (input[2 + axis] + pads[axis] + pads[axis + 2] - ((kernel - 1) * dilations[axis] + 1)) / strides[axis] + 1;
        return (Extent(0, kernelHeight), Extent(1, kernelWidth));
    }

    private static long[] Pad(long[] input, long[] pads)
    {
        if (pads.Length != 2 * input.Length)
        {
            throw new ConversionException($"{pads.Length} pads for rank {input.Length}");
        }

        return input.Select((d, i) => d == SymbolicDimension.Batch
            ? (pads[i] == 0 && pads[i + input.Length] == 0 ? d : throw new ConversionException("cannot pad the batch dimension"))
            : d + pads[i] + pads[i + input.Length]).ToArray();
    }

    private static long[] Resize(GraphNode node, long[] input, long[] sizes)
    {
        var axes = node.Ints("axes");
        var result = input.ToArray();
        for (var i = 0; i < axes.Count; i++)
        {
            result[axes[i]] = sizes[i];
        }

        return result;
    }

    private static long[] Concat(GraphNode node, List<long[]> inputs)
    {
        var rank = inputs[0].Length;
        var axis = (int)Axis(node, rank);
        var result = inputs[0].ToArray();
        foreach (var other in inputs.Skip(1))
        {
            if (other.Length != rank || Enumerable.Range(0, rank).Any(d => d != axis && other[d] != result[d]))
            {
                throw new ConversionException($"cannot concatenate {Text(inputs[0])} and {Text(other)} on axis {axis}");
            }

            result[axis] = result[axis] == SymbolicDimension.Batch || other[axis] == SymbolicDimension.Batch
                ? throw new ConversionException("cannot concatenate along the batch dimension")
                : result[axis] + other[axis];
        }

        return result;
    }

    private static long[][] Split(GraphNode node, long[] input, long[] split)
    {
        var axis = (int)Axis(node, input.Length);
        if (split.Sum() != input[axis])
        {
            throw new ConversionException($"split sizes [{string.Join(',', split)}] do not add up to {input[axis]}");
        }

        return split.Select(size => input.Select((d, i) => i == axis ? size : d).ToArray()).ToArray();
    }

    private static long[] Reshape(long[] input, long[] target)
    {
        var result = target.Select((d, i) => d == 0 ? input[i] : d).ToArray();
        var inputSymbolic = input.Count(d => d == SymbolicDimension.Batch);
        var copiedSymbolic = target.Select((d, i) => d == 0 && input[i] == SymbolicDimension.Batch).Count(copied => copied);
        if (inputSymbolic != copiedSymbolic)
        {
            throw new ConversionException($"reshape of {Text(input)} to {Text(target)} does not carry the batch dimension over");
        }

        var known = input.Where(d => d != SymbolicDimension.Batch).Aggregate(1L, (a, d) => a * d);
        var inferred = Array.IndexOf(target, -1L);
        var fixedProduct = result.Where((d, i) => i != inferred && d != SymbolicDimension.Batch).Aggregate(1L, (a, d) => a * d);
        if (inferred >= 0)
        {
            result[inferred] = known % fixedProduct == 0
                ? known / fixedProduct
                : throw new ConversionException($"cannot reshape {Text(input)} to {Text(target)}");
        }
        else if (fixedProduct != known)
        {
            throw new ConversionException($"cannot reshape {Text(input)} to {Text(target)}");
        }

        return result;
    }

    private static long Axis(GraphNode node, int rank)
    {
        var axis = node.Attributes["axis"].Int!.Value;
        return axis < 0 ? axis + rank : axis;
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;

    private static string Text(long[] shape) =>
        $"[{string.Join(',', shape.Select(d => d == SymbolicDimension.Batch ? SymbolicDimension.BatchName : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}
