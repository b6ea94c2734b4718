using Google.Protobuf;
using RetailVision.Models.Onnx.Proto;

namespace RetailVision.Models.Quantization;

/// <summary>
/// The float model with every node output also declared a graph output, so that one run shows every activation
/// calibration needs. Returns the model bytes and the names of the activations (graph input first, then node outputs
/// in node order).
/// </summary>
public static class ActivationProbe
{
    public static (byte[] Model, IReadOnlyList<string> Activations) Build(byte[] floatModel)
    {
        var model = ModelProto.Parser.ParseFrom(floatModel);
        var graph = model.Graph;
        var declared = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var activations = graph.Input.Select(i => i.Name).ToList();
        foreach (var output in graph.Node.SelectMany(n => n.Output).Where(o => o.Length > 0))
        {
            activations.Add(output);
            if (declared.Add(output))
            {
                graph.Output.Add(new ValueInfoProto
                {
                    Name = output,
                    Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
                });
            }
        }

        return (model.ToByteArray(), activations);
    }
}
