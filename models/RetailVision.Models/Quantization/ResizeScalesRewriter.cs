using RetailVision.Models.Conversion;
using RetailVision.Models.Onnx;
using RetailVision.Models.Onnx.Proto;

namespace RetailVision.Models.Quantization;

/// <summary>
/// Turns each <c>Resize(X, sizes, axes=[…])</c> into the equivalent <c>Resize(X, scales)</c> over every axis
/// (1 on the untouched ones). ONNX Runtime 1.31 lays quantised graphs out as NHWC and then mishandles a Resize that
/// names its axes (it permutes the 2-element sizes as if they had rank 4 and fails to load); with full-rank scales
/// the layout change is plain. Only exact ratios are accepted, so the output sizes stay what they were.
/// </summary>
internal static class ResizeScalesRewriter
{
    public static void Rewrite(ModelProto model)
    {
        var graph = model.Graph;
        var resizes = graph.Node.Where(n => n.OpType == "Resize" && n.Attribute.Any(a => a.Name == "axes")).ToList();
        if (resizes.Count == 0)
        {
            return;
        }

        var shapes = ShapeInference.Infer(OnnxModelReader.Read(model));
        foreach (var resize in resizes)
        {
            var input = shapes[resize.Input[0]];
            var output = shapes[resize.Output[0]];
            var scales = new float[input.Length];
            for (var axis = 0; axis < input.Length; axis++)
            {
                scales[axis] = input[axis] == output[axis] ? 1f : (float)output[axis] / input[axis];
                if ((long)Math.Floor(input[axis] * (double)scales[axis]) != output[axis])
                {
                    throw new QuantizationException(
                        $"Resize {resize.Name}: {input[axis]} → {output[axis]} on axis {axis} is not an exact float scale");
                }
            }

            var name = $"{resize.Name}_scales";
            graph.Initializer.Add(OnnxTensors.Floats(name, [scales.Length], scales));
            var roi = resize.Input.Count > 1 ? resize.Input[1] : "";
            var data = resize.Input[0];
            resize.Input.Clear();
            resize.Input.AddRange([data, roi, name]);
            var axes = resize.Attribute.Single(a => a.Name == "axes");
            resize.Attribute.Remove(axes);
        }
    }
}
