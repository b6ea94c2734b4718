using RetailVision.Models.Conversion.Graph;

namespace RetailVision.Models.Conversion;

/// <summary>
/// Changes the spatial input size of an NCHW graph: the input shape and every Resize target size
/// (scaled by new/old, which must come out whole). Anything else that depends on the size and
/// is not rewritten here shows up as a shape mismatch in <see cref="ShapeInference"/>.
/// </summary>
internal static class InputRetargeter
{
    public static void Retarget(ModelGraph graph, InputSize size)
    {
        if (graph.InputShape.Length != 4)
        {
            throw new ConversionException($"retargeting needs a rank-4 NCHW input, the input has rank {graph.InputShape.Length}");
        }

        var (oldHeight, oldWidth) = (graph.InputShape[2], graph.InputShape[3]);
        if (oldHeight <= 0 || oldWidth <= 0)
        {
            throw new ConversionException("retargeting needs an input with a fixed height and width");
        }

        if (oldHeight == size.Height && oldWidth == size.Width)
        {
            return;
        }

        graph.InputShape = [graph.InputShape[0], graph.InputShape[1], size.Height, size.Width];
        foreach (var resize in graph.Nodes.Where(n => n.OpType == "Resize"))
        {
            var sizes = resize.Inputs.Count > 3 ? graph.ConstantOrNull(resize.Inputs[3]) : null;
            var axes = resize.Attributes.TryGetValue("axes", out var axesAttribute) ? axesAttribute.Ints : null;
            if (sizes?.Longs is not { Length: 2 } || axes is not [2, 3])
            {
                throw new ConversionException($"node {resize.Name}: only Resize with constant sizes on axes [2,3] can be retargeted");
            }

            var scaled = new[] { Scale(resize, sizes.Longs[0], size.Height, oldHeight), Scale(resize, sizes.Longs[1], size.Width, oldWidth) };
            resize.Inputs[3] = graph.AddInitializer(sizes.Name, ConstantTensor.OfLongs(sizes.Name, [2], scaled));
        }
    }

    private static long Scale(GraphNode resize, long value, long newInput, long oldInput)
    {
        var scaled = value * newInput;
        return scaled % oldInput == 0
            ? scaled / oldInput
            : throw new ConversionException(
                $"node {resize.Name}: target size {value} at input {oldInput} does not scale to a whole size at input {newInput}");
    }
}
