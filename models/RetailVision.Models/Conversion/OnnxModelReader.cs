using System.Text;
using RetailVision.Models.Conversion.Graph;
using RetailVision.Models.Onnx;
using RetailVision.Models.Onnx.Proto;

namespace RetailVision.Models.Conversion;

/// <summary>
/// Reads a model this converter wrote back into a <see cref="ModelGraph"/>, so that later passes over the ONNX file
/// (quantisation) can use the converter's own shape inference. Only what the writer emits is understood: one float
/// input, float32 and int64 constants, int/ints/float/string attributes.
/// </summary>
internal static class OnnxModelReader
{
    public static ModelGraph Read(ModelProto model)
    {
        var input = model.Graph.Input.Single();
        var shape = input.Type.TensorType.Shape.Dim
            .Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : SymbolicDimension.Batch)
            .ToArray();
        var graph = new ModelGraph(input.Name, shape);
        foreach (var tensor in model.Graph.Initializer)
        {
            graph.Initializers[tensor.Name] = Constant(tensor);
        }

        foreach (var node in model.Graph.Node)
        {
            var added = graph.AddNode(node.Name, node.OpType, node.Input, node.Output);
            foreach (var attribute in node.Attribute)
            {
                added.With(attribute.Name, Attribute(node, attribute));
            }
        }

        graph.Outputs.AddRange(model.Graph.Output.Select(o => o.Name));
        return graph;
    }

    private static ConstantTensor Constant(TensorProto tensor)
    {
        var dims = tensor.Dims.ToArray();
        return tensor.DataType switch
        {
            (int)TensorProto.Types.DataType.Float => ConstantTensor.OfFloats(tensor.Name, dims, OnnxTensors.ReadFloats(tensor)),
            (int)TensorProto.Types.DataType.Int64 => ConstantTensor.OfLongs(tensor.Name, dims, OnnxTensors.ReadLongs(tensor)),
            _ => throw new ConversionException($"constant {tensor.Name} has data type {tensor.DataType}; only float32 and int64 are read"),
        };
    }

    private static NodeAttribute Attribute(NodeProto node, AttributeProto attribute) => attribute.Type switch
    {
        AttributeProto.Types.AttributeType.Int => NodeAttribute.Of(attribute.I),
        AttributeProto.Types.AttributeType.Ints => NodeAttribute.Of(attribute.Ints),
        AttributeProto.Types.AttributeType.Float => NodeAttribute.Of(attribute.F),
        AttributeProto.Types.AttributeType.String => NodeAttribute.Of(Encoding.UTF8.GetString(attribute.S.Span)),
        _ => throw new ConversionException($"node {node.Name}: attribute {attribute.Name} of type {attribute.Type} is not read"),
    };
}
