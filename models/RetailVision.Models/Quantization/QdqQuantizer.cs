using Google.Protobuf;
using RetailVision.Models.Onnx;
using RetailVision.Models.Onnx.Proto;

namespace RetailVision.Models.Quantization;

/// <summary>
/// Rewrites a float ONNX model into QDQ form: every activation entering or leaving a quantised node passes through
/// one QuantizeLinear → DequantizeLinear pair with the calibration table's range, Conv weights become per-channel
/// int8 constants behind a DequantizeLinear (axis 0) and biases int32. ONNX Runtime fuses these patterns into
/// integer kernels (QLinearConv, QLinearLeakyRelu, QLinearConcat, QLinearAdd, uint8 MaxPool/Resize). Nodes of other
/// kinds (the heads' Split, Sigmoid, Reshape, Transpose) and <see cref="QuantizationOptions.FloatNodes"/> stay float,
/// so the outputs keep their float types and shapes. Resizes are restated with full-rank scales
/// (<see cref="ResizeScalesRewriter"/>). Pure and deterministic: same inputs, same bytes.
/// </summary>
public static class QdqQuantizer
{
    private static readonly HashSet<string> QuantizableOps = ["Conv", "LeakyRelu", "MaxPool", "Concat", "Resize", "Add"];

    // Ops that only move or select values: their output must share the input's parameters for ONNX Runtime to run
    // them on the integers directly.
    private static readonly HashSet<string> PassThroughOps = ["MaxPool", "Resize"];

    public static byte[] Quantize(byte[] floatModel, CalibrationTable table, QuantizationOptions options) =>
        Quantize(ModelProto.Parser.ParseFrom(floatModel), table, options).ToByteArray();

    public static ModelProto Quantize(ModelProto floatModel, CalibrationTable table, QuantizationOptions options)
    {
        var model = floatModel.Clone();
        ResizeScalesRewriter.Rewrite(model);
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var nodeNames = graph.Node.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = options.FloatNodes.Where(n => !nodeNames.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new QuantizationException($"float nodes not in the model: {string.Join(", ", unknown)}");
        }

        var floatNodes = options.FloatNodes.ToHashSet(StringComparer.Ordinal);
        var quantized = graph.Node.Where(n => QuantizableOps.Contains(n.OpType) && !floatNodes.Contains(n.Name)).ToHashSet();
        var parameters = ActivationParameters(graph, quantized, initializers, table, options.Activations);

        var rewritten = new List<NodeProto>();
        var added = new List<TensorProto>();
        foreach (var input in graph.Input.Where(i => parameters.ContainsKey(i.Name)))
        {
            AddQdq(input.Name, parameters[input.Name], options.Activations, rewritten, added);
        }

        foreach (var node in graph.Node)
        {
            var copy = node.Clone();
            for (var i = 0; i < copy.Input.Count; i++)
            {
                if (parameters.ContainsKey(copy.Input[i]))
                {
                    copy.Input[i] = Dequantized(copy.Input[i]);
                }
            }

            if (node.OpType == "Conv" && quantized.Contains(node))
            {
                QuantizeConvConstants(copy, initializers, parameters[node.Input[0]].Scale, rewritten, added);
            }

            rewritten.Add(copy);
            foreach (var output in node.Output.Where(parameters.ContainsKey))
            {
                AddQdq(output, parameters[output], options.Activations, rewritten, added);
            }
        }

        var duplicateNode = rewritten.GroupBy(n => n.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateNode is not null)
        {
            throw new QuantizationException($"generated node name {duplicateNode.Key} already exists in the model");
        }

        graph.Node.Clear();
        graph.Node.AddRange(rewritten);
        var used = rewritten.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        var kept = graph.Initializer.Where(i => used.Contains(i.Name)).Concat(added).ToList();
        var duplicate = kept.GroupBy(i => i.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new QuantizationException($"generated constant name {duplicate.Key} already exists in the model");
        }

        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
        StampMetadata(model, table, options);
        return model;
    }

    /// <summary>Scale and zero point of every activation to quantise, in node order so pass-through ops inherit theirs.</summary>
    private static Dictionary<string, QuantizationParameters> ActivationParameters(
        GraphProto graph, HashSet<NodeProto> quantized, Dictionary<string, TensorProto> initializers, CalibrationTable table, ActivationType type)
    {
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var parameters = new Dictionary<string, QuantizationParameters>(StringComparer.Ordinal);
        QuantizationParameters FromTable(string tensor, NodeProto node) => table.Ranges.TryGetValue(tensor, out var range)
            ? QuantizationParameters.ForActivation(range, type)
            : throw new QuantizationException($"the calibration table has no range for tensor '{tensor}' of node {node.Name} ({node.OpType})");

        foreach (var node in graph.Node.Where(quantized.Contains))
        {
            // Only a Conv's data input and a Resize's image are activations; the rest are constants or sizes.
            var inputs = node.OpType is "Conv" or "Resize" ? node.Input.Take(1) : node.Input;
            foreach (var input in inputs.Where(i => i.Length > 0 && !initializers.ContainsKey(i) && !parameters.ContainsKey(i)))
            {
                parameters[input] = FromTable(input, node);
            }

            if (node.OpType == "Conv" && (node.Input.Count < 2 || !initializers.ContainsKey(node.Input[1])))
            {
                throw new QuantizationException($"Conv {node.Name} has no constant weights to quantise");
            }

            var output = node.Output[0];
            if (!graphOutputs.Contains(output))
            {
                parameters[output] = PassThroughOps.Contains(node.OpType) ? parameters[node.Input[0]] : FromTable(output, node);
            }
        }

        return parameters;
    }

    private static void QuantizeConvConstants(
        NodeProto conv, Dictionary<string, TensorProto> initializers, float inputScale, List<NodeProto> nodes, List<TensorProto> added)
    {
        var weights = ConvWeightQuantizer.Weights(initializers[conv.Input[1]]);
        added.AddRange([weights.Values, weights.Scale, weights.ZeroPoint]);
        conv.Input[1] = AddDequantize(conv.Input[1], weights.Values.Name, weights.Scale.Name, weights.ZeroPoint.Name, axis: 0, nodes);
        if (conv.Input.Count > 2 && conv.Input[2].Length > 0)
        {
            var bias = ConvWeightQuantizer.Bias(initializers[conv.Input[2]], inputScale, weights.ChannelScales);
            added.AddRange([bias.Values, bias.Scale, bias.ZeroPoint]);
            conv.Input[2] = AddDequantize(conv.Input[2], bias.Values.Name, bias.Scale.Name, bias.ZeroPoint.Name, axis: 0, nodes);
        }
    }

    private static void AddQdq(string tensor, QuantizationParameters p, ActivationType type, List<NodeProto> nodes, List<TensorProto> added)
    {
        var scale = OnnxTensors.Floats($"{tensor}_scale", [], [p.Scale]);
        var zeroPoint = OnnxTensors.Bytes($"{tensor}_zero_point", [], [p.ZeroPoint], signed: type == ActivationType.Int8);
        added.AddRange([scale, zeroPoint]);
        var quantize = new NodeProto { Name = $"{tensor}_QuantizeLinear", OpType = "QuantizeLinear" };
        quantize.Input.AddRange([tensor, scale.Name, zeroPoint.Name]);
        quantize.Output.Add($"{tensor}_quantized");
        nodes.Add(quantize);
        AddDequantize(tensor, quantize.Output[0], scale.Name, zeroPoint.Name, axis: null, nodes);
    }

    /// <summary>Adds DequantizeLinear(values, scale, zeroPoint) producing <see cref="Dequantized"/>(<paramref name="tensor"/>).</summary>
    private static string AddDequantize(string tensor, string values, string scale, string zeroPoint, long? axis, List<NodeProto> nodes)
    {
        var dequantize = new NodeProto { Name = $"{tensor}_DequantizeLinear", OpType = "DequantizeLinear" };
        dequantize.Input.AddRange([values, scale, zeroPoint]);
        dequantize.Output.Add(Dequantized(tensor));
        if (axis is { } a)
        {
            dequantize.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = a });
        }

        nodes.Add(dequantize);
        return dequantize.Output[0];
    }

    private static string Dequantized(string tensor) => $"{tensor}_dequantized";

    private static void StampMetadata(ModelProto model, CalibrationTable table, QuantizationOptions options)
    {
        var metadata = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        metadata["precision"] = "int8";
        metadata["quantizer_version"] = QuantizerInfo.Version;
        metadata["quantization"] = $"QDQ; weights int8 per channel, activations {options.Activations.ToString().ToLowerInvariant()}; calibration {table.Method}";
        metadata["float_nodes"] = string.Join(",", options.FloatNodes.Order(StringComparer.Ordinal));
        model.MetadataProps.Clear();
        model.MetadataProps.AddRange(metadata.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new StringStringEntryProto { Key = p.Key, Value = p.Value }));
    }
}
