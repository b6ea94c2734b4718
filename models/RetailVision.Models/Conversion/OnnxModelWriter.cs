using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using RetailVision.Models.Conversion.Graph;
using RetailVision.Models.Onnx.Proto;

namespace RetailVision.Models.Conversion;

/// <summary>
/// Serialises the graph as an ONNX ModelProto. Everything is emitted in a fixed order (nodes
/// topologically with ties in list order, constants by first use, metadata by key) and nothing
/// time- or machine-dependent is written, so the same graph always gives the same bytes.
/// </summary>
internal static class OnnxModelWriter
{
    public static byte[] Write(ModelGraph graph, IReadOnlyDictionary<string, long[]> shapes, string graphName, IReadOnlyDictionary<string, string> metadata)
    {
        var nodes = GraphTopology.Sort(graph);
        var proto = new GraphProto { Name = graphName };
        proto.Input.Add(ValueInfo(graph.InputName, graph.InputShape));
        foreach (var output in graph.Outputs)
        {
            proto.Output.Add(ValueInfo(output, shapes[output]));
        }

        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var input in node.Inputs.Where(graph.Initializers.ContainsKey))
            {
                if (written.Add(input))
                {
                    proto.Initializer.Add(Tensor(graph.Initializers[input]));
                }
            }

            proto.Node.Add(Node(node));
        }

        var model = new ModelProto
        {
            IrVersion = ConverterInfo.OnnxIrVersion,
            ProducerName = ConverterInfo.ProducerName,
            ProducerVersion = ConverterInfo.Version,
            Graph = proto,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = ConverterInfo.OnnxOpset });
        foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model.ToByteArray();
    }

    private static NodeProto Node(GraphNode node)
    {
        var proto = new NodeProto { Name = node.Name, OpType = node.OpType };
        proto.Input.AddRange(node.Inputs);
        proto.Output.AddRange(node.Outputs);
        foreach (var (name, value) in node.Attributes)
        {
            proto.Attribute.Add(Attribute(name, value));
        }

        return proto;
    }

    private static AttributeProto Attribute(string name, NodeAttribute value)
    {
        var proto = new AttributeProto { Name = name };
        if (value.Int is { } i)
        {
            proto.Type = AttributeProto.Types.AttributeType.Int;
            proto.I = i;
        }
        else if (value.Ints is { } ints)
        {
            proto.Type = AttributeProto.Types.AttributeType.Ints;
            proto.Ints.AddRange(ints);
        }
        else if (value.Float is { } f)
        {
            proto.Type = AttributeProto.Types.AttributeType.Float;
            proto.F = f;
        }
        else
        {
            proto.Type = AttributeProto.Types.AttributeType.String;
            proto.S = ByteString.CopyFrom(Encoding.UTF8.GetBytes(value.String!));
        }

        return proto;
    }

    private static TensorProto Tensor(ConstantTensor constant)
    {
        var proto = new TensorProto { Name = constant.Name };
        proto.Dims.AddRange(constant.Shape);
        // raw_data is little-endian by the ONNX spec; written explicitly so the host order cannot matter.
        byte[] raw;
        if (constant.Floats is { } floats)
        {
            proto.DataType = (int)TensorProto.Types.DataType.Float;
            raw = new byte[floats.Length * 4];
            for (var i = 0; i < floats.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), floats[i]);
            }
        }
        else
        {
            var longs = constant.Longs!;
            proto.DataType = (int)TensorProto.Types.DataType.Int64;
            raw = new byte[longs.Length * 8];
            for (var i = 0; i < longs.Length; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), longs[i]);
            }
        }

        proto.RawData = ByteString.CopyFrom(raw);
        return proto;
    }

    private static ValueInfoProto ValueInfo(string name, long[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape)
        {
            tensorShape.Dim.Add(dim == SymbolicDimension.Batch
                ? new TensorShapeProto.Types.Dimension { DimParam = SymbolicDimension.BatchName }
                : new TensorShapeProto.Types.Dimension { DimValue = dim });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape },
            },
        };
    }
}
