using RetailVision.Models.Conversion.Graph;

namespace RetailVision.Models.Conversion;

/// <summary>Moves a per-channel constant Add that alone reads a Conv's result into the Conv's bias input.</summary>
internal static class ConvBiasFusion
{
    public static void Apply(ModelGraph graph)
    {
        var consumers = graph.Consumers();
        foreach (var conv in graph.Nodes.Where(n => n.OpType == "Conv" && n.Inputs.Count == 2).ToList())
        {
            var result = conv.Outputs[0];
            if (graph.Outputs.Contains(result) || !consumers.TryGetValue(result, out var readers) || readers is not [{ OpType: "Add" } add])
            {
                continue;
            }

            var weights = graph.ConstantOrNull(conv.Inputs[1]);
            var bias = graph.ConstantOrNull(add.Inputs[0] == result ? add.Inputs[1] : add.Inputs[0]);
            if (weights is null || bias is not { IsFloat: true } || add.Inputs[0] == add.Inputs[1])
            {
                continue;
            }

            // Only [C,1,1] (after dropping leading 1s) adds one value per output channel.
            var shape = bias.Shape.SkipWhile(d => d == 1).ToArray();
            if (shape.Length != 3 || shape[0] != weights.Shape[0] || shape[1] != 1 || shape[2] != 1)
            {
                continue;
            }

            conv.Inputs.Add(graph.AddInitializer($"{conv.Name}/bias", bias.Reshaped([weights.Shape[0]])));
            conv.Outputs[0] = add.Outputs[0];
            graph.Nodes.Remove(add);
        }

        GraphCleanup.RemoveUnused(graph);
    }
}
