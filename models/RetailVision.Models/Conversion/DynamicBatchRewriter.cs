using RetailVision.Models.Conversion.Graph;

namespace RetailVision.Models.Conversion;

/// <summary>
/// Makes the batch dimension symbolic: the input's first dimension becomes <c>batch</c> and each
/// Reshape that spells out the exported batch (1) as its first target dimension copies it from
/// its input instead (ONNX Reshape: 0 = keep that input dimension).
/// </summary>
internal static class DynamicBatchRewriter
{
    public static void Rewrite(ModelGraph graph)
    {
        var exportedBatch = graph.InputShape[0];
        if (exportedBatch != 1)
        {
            throw new ConversionException($"dynamic batch needs an input exported with batch 1, it has {exportedBatch}");
        }

        graph.InputShape = [SymbolicDimension.Batch, .. graph.InputShape[1..]];
        foreach (var reshape in graph.Nodes.Where(n => n.OpType == "Reshape"))
        {
            var shape = graph.ConstantOrNull(reshape.Inputs[1])?.Longs
                ?? throw new ConversionException($"node {reshape.Name}: dynamic batch needs a constant Reshape shape");
            if (shape.Length == 0 || shape[0] is not (1 or 0))
            {
                throw new ConversionException(
                    $"node {reshape.Name}: Reshape to [{string.Join(',', shape)}] does not keep the batch first; dynamic batch is not supported");
            }

            var name = graph.ConstantOrNull(reshape.Inputs[1])!.Name;
            reshape.Inputs[1] = graph.AddInitializer(name, ConstantTensor.OfLongs(name, [shape.Length], [0, .. shape[1..]]));
        }
    }
}
