using RetailVision.Models.Conversion.Graph;
using RetailVision.Models.Tfjs;

namespace RetailVision.Models.Conversion;

/// <summary>Converts a TF.js graph model into an ONNX model (opset 18, NCHW, optionally retargeted and batch-dynamic).</summary>
public static class TfjsToOnnxConverter
{
    public static ConversionResult Convert(TfjsGraphModel model, ConversionOptions options)
    {
        var sorted = TfjsTopologicalOrder.Sort(model.Nodes, model.Constants);
        var (nodes, constants) = TfjsConstantFolder.Fold(sorted, model.Constants);
        var graph = TfjsGraphTranslator.Translate(model, nodes, constants);

        if (options.InputSize is { } size)
        {
            size.EnsureMultipleOf(options.SizeMultiple);
            InputRetargeter.Retarget(graph, size);
        }

        if (options.DynamicBatch)
        {
            DynamicBatchRewriter.Rewrite(graph);
        }

        var sourceOutputNames = graph.Outputs.ToList();
        GraphCleanup.RemoveIdentities(graph);
        GraphCleanup.RemoveUnused(graph);
        TransposeOptimizer.Optimize(graph);
        PadFusion.Apply(graph);
        ConvBiasFusion.Apply(graph);
        RenameInput(graph, options.InputName);

        var inputSize = new InputSize((int)graph.InputShape[^1], (int)graph.InputShape[^2]);
        var shapes = ShapeInference.Infer(graph);
        var outputs = NameOutputs(graph, shapes, sourceOutputNames, options.OutputNaming, inputSize);
        var metadata = new Dictionary<string, string>(options.Metadata, StringComparer.Ordinal)
        {
            ["converter_version"] = ConverterInfo.Version,
            ["input_size"] = inputSize.ToString(),
        };
        var bytes = OnnxModelWriter.Write(graph, shapes, options.GraphName, metadata);
        return new ConversionResult(
            bytes,
            Sha256Hex.OfBytes(bytes),
            inputSize,
            outputs,
            graph.Nodes.Count,
            graph.Nodes.Count(n => n.OpType == "Transpose"));
    }

    private static void RenameInput(ModelGraph graph, string name)
    {
        if (graph.InputName == name)
        {
            return;
        }

        if (graph.Producers().ContainsKey(name) || graph.Initializers.ContainsKey(name))
        {
            throw new ConversionException($"cannot name the input '{name}': a value of that name exists");
        }

        graph.ReplaceUses(graph.InputName, name);
        graph.InputName = name;
    }

    /// <summary>
    /// Renames outputs by content when a naming is given, otherwise back to the source model's
    /// output names (optimisation may have replaced them), and orders them; returns their shapes.
    /// </summary>
    private static List<ConvertedOutput> NameOutputs(
        ModelGraph graph,
        Dictionary<string, long[]> shapes,
        IReadOnlyList<string> sourceNames,
        DetectionOutputNaming? naming,
        InputSize inputSize)
    {
        var producers = graph.Producers();
        var named = new List<(string Name, int Order, long[] Shape)>();
        for (var index = 0; index < graph.Outputs.Count; index++)
        {
            var output = graph.Outputs[index];
            var shape = shapes[output];
            var (name, order) = naming?.NameFor(shape, inputSize) ?? (sourceNames[index], int.MaxValue);
            if (name != output)
            {
                if (!producers.TryGetValue(output, out var producer) || shapes.ContainsKey(name))
                {
                    throw new ConversionException($"cannot name output '{output}' as '{name}'");
                }

                producer.Outputs[producer.Outputs.IndexOf(output)] = name;
                graph.ReplaceUses(output, name);
                shapes[name] = shape;
            }

            named.Add((name, order, shape));
        }

        var ordered = named.OrderBy(o => o.Order).ThenBy(o => o.Name, StringComparer.Ordinal).ToList();
        graph.Outputs.Clear();
        graph.Outputs.AddRange(ordered.Select(o => o.Name));
        return ordered.Select(o => new ConvertedOutput(o.Name, o.Shape)).ToList();
    }
}
