using RetailVision.Models.Conversion.Graph;

namespace RetailVision.Models.Conversion;

/// <summary>
/// Removes layout shuffles: pushes each Transpose down through element-wise ops (permuting constant
/// operands to match) until it meets another Transpose, then merges the two, dropping the pair when
/// they cancel. A transpose is only moved when its result has no other reader, so the number of
/// transposes never grows.
/// </summary>
internal static class TransposeOptimizer
{
    private static readonly HashSet<string> ElementWise = new(StringComparer.Ordinal)
    {
        "Add", "Sub", "Mul", "Div", "LeakyRelu", "Relu", "Sigmoid",
    };

    public static void Optimize(ModelGraph graph)
    {
        while (MergeConsecutive(graph) || PushThroughElementWise(graph))
        {
            GraphCleanup.RemoveUnused(graph);
        }
    }

    private static bool MergeConsecutive(ModelGraph graph)
    {
        var producers = graph.Producers();
        foreach (var second in graph.Nodes.Where(n => n.OpType == "Transpose"))
        {
            if (!producers.TryGetValue(second.Inputs[0], out var first) || first.OpType != "Transpose")
            {
                continue;
            }

            var inner = first.Permutation;
            var composed = second.Permutation.Select(axis => inner[axis]).ToArray();
            if (composed.Select((axis, i) => axis == i).All(same => same))
            {
                graph.ReplaceUses(second.Outputs[0], first.Inputs[0]);
                graph.Nodes.Remove(second);
            }
            else
            {
                second.Inputs[0] = first.Inputs[0];
                second.With("perm", NodeAttribute.Of(composed.Select(a => (long)a)));
            }

            return true;
        }

        return false;
    }

    private static bool PushThroughElementWise(ModelGraph graph)
    {
        var producers = graph.Producers();
        var consumers = graph.Consumers();
        foreach (var node in graph.Nodes.Where(n => ElementWise.Contains(n.OpType)))
        {
            var transposes = new List<GraphNode>();
            var movable = true;
            foreach (var input in node.Inputs)
            {
                if (producers.TryGetValue(input, out var producer) && producer.OpType == "Transpose"
                    && consumers[input].Count == 1 && !graph.Outputs.Contains(input))
                {
                    transposes.Add(producer);
                }
                else if (graph.ConstantOrNull(input) is null)
                {
                    movable = false;
                }
            }

            if (!movable || transposes.Count == 0)
            {
                continue;
            }

            var perm = transposes[0].Permutation;
            if (transposes.Any(t => !t.Permutation.SequenceEqual(perm))
                || node.Inputs.Select(graph.ConstantOrNull).Any(c => c is not null && c.Shape.Length > perm.Length))
            {
                continue;
            }

            for (var i = 0; i < node.Inputs.Count; i++)
            {
                node.Inputs[i] = producers.TryGetValue(node.Inputs[i], out var producer) && transposes.Contains(producer)
                    ? producer.Inputs[0]
                    : graph.AddInitializer(node.Inputs[i], Unpermuted(graph.ConstantOrNull(node.Inputs[i])!, perm));
            }

            // The first transpose now runs after the op, producing the op's original result.
            var moved = transposes[0];
            var result = node.Outputs[0];
            node.Outputs[0] = graph.UniqueName($"{node.Name}/untransposed");
            moved.Inputs[0] = node.Outputs[0];
            moved.Outputs[0] = result;
            return true;
        }

        return false;
    }

    /// <summary>
    /// The constant c' with Transpose(perm)(c') == c under broadcasting, so that
    /// op(Transpose(x), c) == Transpose(op(x, c')).
    /// </summary>
    private static ConstantTensor Unpermuted(ConstantTensor constant, int[] perm)
    {
        var rank = perm.Length;
        var full = Enumerable.Repeat(1L, rank - constant.Shape.Length).Concat(constant.Shape).ToArray();
        var inverse = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            inverse[perm[i]] = i;
        }

        var permuted = constant.Reshaped(full).Transposed(inverse);
        // Leading 1s add nothing: the other operand already has full rank.
        var shape = permuted.Shape.SkipWhile(d => d == 1).ToArray();
        return permuted.Reshaped(shape);
    }
}
