using RetailVision.Models.Conversion.Graph;

namespace RetailVision.Models.Conversion;

/// <summary>
/// Folds an explicit spatial Pad into the Conv (zero fill) or MaxPool (−inf fill, which is what
/// MaxPool's own padding means) that alone reads it.
/// </summary>
internal static class PadFusion
{
    public static void Apply(ModelGraph graph)
    {
        var consumers = graph.Consumers();
        foreach (var pad in graph.Nodes.Where(n => n.OpType == "Pad").ToList())
        {
            var padded = pad.Outputs[0];
            if (graph.Outputs.Contains(padded) || !consumers.TryGetValue(padded, out var readers) || readers.Count != 1)
            {
                continue;
            }

            var target = readers[0];
            var pads = graph.ConstantOrNull(pad.Inputs[1])?.Longs;
            if (pads is null || pads.Length != 8 || target.Inputs[0] != padded || !Accepts(graph, pad, target, pads))
            {
                continue;
            }

            var existing = target.Attributes.TryGetValue("pads", out var current) ? current.Ints! : [0, 0, 0, 0];
            target.With("pads", NodeAttribute.Of([existing[0] + pads[2], existing[1] + pads[3], existing[2] + pads[6], existing[3] + pads[7]]));
            target.Inputs[0] = pad.Inputs[0];
            graph.Nodes.Remove(pad);
        }

        GraphCleanup.RemoveUnused(graph);
    }

    private static bool Accepts(ModelGraph graph, GraphNode pad, GraphNode target, long[] pads)
    {
        var fill = pad.Inputs.Count > 2 && pad.Inputs[2].Length > 0 ? graph.ConstantOrNull(pad.Inputs[2])?.Floats : [0f];
        var spatialOnly = pads[0] == 0 && pads[1] == 0 && pads[4] == 0 && pads[5] == 0 && pads.All(p => p >= 0);
        var explicitPadding = !target.Attributes.TryGetValue("auto_pad", out var autoPad) || autoPad.String == "NOTSET";
        if (fill is not { Length: 1 } || !spatialOnly || !explicitPadding
            || (pad.Attributes.TryGetValue("mode", out var mode) && mode.String != "constant"))
        {
            return false;
        }

        return target.OpType switch
        {
            "Conv" => fill[0] == 0f,
            // A window lying wholly in the padding would differ, so padding must stay below the kernel.
            "MaxPool" => float.IsNegativeInfinity(fill[0])
                && pads[2] < target.Ints("kernel_shape")[0] && pads[6] < target.Ints("kernel_shape")[0]
                && pads[3] < target.Ints("kernel_shape")[1] && pads[7] < target.Ints("kernel_shape")[1],
            _ => false,
        };
    }
}
