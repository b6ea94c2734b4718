using RetailVision.Models.Conversion.Graph;
using RetailVision.Models.Tfjs;

namespace RetailVision.Models.Conversion;

/// <summary>
/// Maps TF ops one by one onto ONNX ops. TF's NHWC-only ops (Conv2D, MaxPool, ResizeBilinear)
/// become their NCHW ONNX op wrapped in a Transpose on each side; the transpose optimiser later
/// cancels those wrappers against the transposes the exporter already placed around them.
/// </summary>
internal sealed class TfjsGraphTranslator
{
    private static readonly int[] ToNchw = [0, 3, 1, 2];
    private static readonly int[] ToNhwc = [0, 2, 3, 1];

    private readonly ModelGraph _graph;
    private readonly IReadOnlyDictionary<string, TfjsTensor> _constants;
    private readonly Dictionary<string, string> _initializerOfConstant = new(StringComparer.Ordinal);

    private TfjsGraphTranslator(ModelGraph graph, IReadOnlyDictionary<string, TfjsTensor> constants)
    {
        _graph = graph;
        _constants = constants;
    }

    /// <param name="nodes">Non-constant nodes in topological order.</param>
    public static ModelGraph Translate(
        TfjsGraphModel model, IReadOnlyList<TfjsNode> nodes, IReadOnlyDictionary<string, TfjsTensor> constants)
    {
        if (model.InputNames.Count != 1)
        {
            throw new ConversionException($"{model.SourceName}: expected exactly one input, found {model.InputNames.Count}");
        }

        var placeholder = nodes.FirstOrDefault(n => n.Name == model.InputNames[0] && n.Op == "Placeholder")
            ?? throw new ConversionException($"{model.SourceName}: input '{model.InputNames[0]}' is not a Placeholder");
        if (placeholder.Attribute("dtype").Type != "DT_FLOAT")
        {
            throw new ConversionException($"{model.SourceName}: input '{placeholder.Name}' is {placeholder.Attribute("dtype").Type}, only DT_FLOAT is supported");
        }

        var inputShape = placeholder.Attribute("shape").Shape!.ToArray();
        var graph = new ModelGraph(placeholder.Name, inputShape);
        graph.ReserveNames(nodes.Select(n => n.Name).Concat(constants.Keys));
        var translator = new TfjsGraphTranslator(graph, constants);
        foreach (var node in nodes.Where(n => n != placeholder))
        {
            translator.TranslateNode(node);
        }

        foreach (var output in model.OutputNames)
        {
            if (constants.ContainsKey(output))
            {
                throw new ConversionException($"{model.SourceName}: output '{output}' is a constant");
            }

            graph.Outputs.Add(output);
        }

        return graph;
    }

    private void TranslateNode(TfjsNode node)
    {
        switch (node.Op)
        {
            case "Identity":
                Emit(node, "Identity", [Value(node, 0)]);
                break;
            case "Add" or "AddV2":
                Emit(node, "Add", [Value(node, 0), Value(node, 1)]);
                break;
            case "Sub":
                Emit(node, "Sub", [Value(node, 0), Value(node, 1)]);
                break;
            case "Mul":
                Emit(node, "Mul", [Value(node, 0), Value(node, 1)]);
                break;
            case "RealDiv":
                Emit(node, "Div", [Value(node, 0), Value(node, 1)]);
                break;
            case "Relu" or "Sigmoid":
                Emit(node, node.Op, [Value(node, 0)]);
                break;
            case "LeakyRelu":
                // TF's default alpha is 0.2 when the attribute is absent.
                Emit(node, "LeakyRelu", [Value(node, 0)])
                    .With("alpha", NodeAttribute.Of(node.Attributes.TryGetValue("alpha", out var alpha) ? alpha.Float ?? 0.2f : 0.2f));
                break;
            case "Transpose":
                Emit(node, "Transpose", [Value(node, 0)]).With("perm", NodeAttribute.Of(Ints(node, 1, "perm")));
                break;
            case "Reshape":
                Emit(node, "Reshape", [Value(node, 0), Int64Initializer(node, 1, "shape")]);
                break;
            case "ConcatV2":
                var axisIndex = node.Inputs.Count - 1;
                Emit(node, "Concat", Enumerable.Range(0, axisIndex).Select(i => Value(node, i)))
                    .With("axis", NodeAttribute.Of(Scalar(node, axisIndex, "axis")));
                break;
            case "SplitV":
                TranslateSplitV(node);
                break;
            case "Pad" or "PadV2":
                TranslatePad(node);
                break;
            case "Conv2D":
                TranslateConv2D(node);
                break;
            case "MaxPool":
                TranslateMaxPool(node);
                break;
            case "ResizeBilinear":
                TranslateResizeBilinear(node);
                break;
            default:
                throw new ConversionException($"node {node.Name}: op '{node.Op}' is not supported");
        }
    }

    private void TranslateSplitV(TfjsNode node)
    {
        var sizes = Ints(node, 1, "size_splits");
        if (sizes.Any(s => s < 0))
        {
            throw new ConversionException($"node {node.Name}: SplitV with an inferred (-1) size is not supported");
        }

        var outputs = Enumerable.Range(0, sizes.Length).Select(i => i == 0 ? node.Name : $"{node.Name}:{i}");
        var split = ConstantTensor.OfLongs("split", [sizes.Length], sizes);
        _graph.AddNode(node.Name, "Split", [Value(node, 0), _graph.AddInitializer($"{node.Name}/split", split)], outputs)
            .With("axis", NodeAttribute.Of(Scalar(node, 2, "split_dim")));
    }

    private void TranslatePad(TfjsNode node)
    {
        var paddings = Constant(node, 1, "paddings");
        var rank = paddings.Shape.Count == 2 && paddings.Shape[1] == 2 ? paddings.Shape[0]
            : throw new ConversionException($"node {node.Name}: paddings of shape [{string.Join(',', paddings.Shape)}], expected [rank,2]");
        var values = Ints(node, 1, "paddings");
        var pads = Enumerable.Range(0, rank).Select(d => values[2 * d])
            .Concat(Enumerable.Range(0, rank).Select(d => values[2 * d + 1]))
            .ToArray();
        var inputs = new List<string>
        {
            Value(node, 0),
            _graph.AddInitializer($"{node.Name}/pads", ConstantTensor.OfLongs("pads", [pads.Length], pads)),
        };
        if (node.Op == "PadV2")
        {
            var fill = Constant(node, 2, "constant_values");
            if (fill.DataType != TfjsDataType.Float32 || fill.ElementCount != 1)
            {
                throw new ConversionException($"node {node.Name}: PadV2 constant_values must be a float scalar");
            }

            inputs.Add(_graph.AddInitializer($"{node.Name}/value", ConstantTensor.OfFloats("value", [], [fill.Floats![0]])));
        }

        Emit(node, "Pad", inputs).With("mode", NodeAttribute.Of("constant"));
    }

    private void TranslateConv2D(TfjsNode node)
    {
        var nhwc = IsNhwc(node);
        var filter = Constant(node, 1, "filter");
        if (filter.DataType != TfjsDataType.Float32 || filter.Shape.Count != 4)
        {
            throw new ConversionException($"node {node.Name}: Conv2D filter must be a float32 HWIO constant");
        }

        // HWIO -> OIHW, done once here rather than by a runtime Transpose.
        var hwio = ConstantTensor.OfFloats("filter", filter.Shape.Select(d => (long)d).ToArray(), filter.Floats!);
        var weights = _graph.AddInitializer($"{node.Name}/weights", hwio.Transposed([3, 2, 0, 1]));
        var conv = EmitSpatial(node, nhwc, "Conv", weights)
            .With("kernel_shape", NodeAttribute.Of([filter.Shape[0], filter.Shape[1]]))
            .With("strides", NodeAttribute.Of(SpatialPair(node, "strides", nhwc)))
            .With("dilations", NodeAttribute.Of(SpatialPair(node, "dilations", nhwc)));
        ApplyPadding(node, conv, nhwc);
    }

    private void TranslateMaxPool(TfjsNode node)
    {
        var nhwc = IsNhwc(node);
        var pool = EmitSpatial(node, nhwc, "MaxPool", null)
            .With("kernel_shape", NodeAttribute.Of(SpatialPair(node, "ksize", nhwc)))
            .With("strides", NodeAttribute.Of(SpatialPair(node, "strides", nhwc)));
        ApplyPadding(node, pool, nhwc);
    }

    private void TranslateResizeBilinear(TfjsNode node)
    {
        var alignCorners = Flag(node, "align_corners");
        var halfPixel = Flag(node, "half_pixel_centers");
        // TF: half-pixel source = (dst + 0.5) * in/out - 0.5, clamped at the edges; ONNX half_pixel
        // is the same formula (and the same clamping), asymmetric is dst * in/out.
        var mode = (alignCorners, halfPixel) switch
        {
            (false, true) => "half_pixel",
            (true, false) => "align_corners",
            (false, false) => "asymmetric",
            _ => throw new ConversionException($"node {node.Name}: align_corners and half_pixel_centers cannot both be set"),
        };
        var size = Ints(node, 1, "size");
        if (size.Length != 2)
        {
            throw new ConversionException($"node {node.Name}: ResizeBilinear size must hold 2 values");
        }

        var sizes = _graph.AddInitializer($"{node.Name}/sizes", ConstantTensor.OfLongs("sizes", [2], size));
        var nchw = _graph.UniqueName($"{node.Name}/nchw");
        _graph.AddNode($"{node.Name}/to_nchw", "Transpose", [Value(node, 0)], [nchw]).With("perm", NodeAttribute.Of(ToNchw.Select(p => (long)p)));
        var resized = _graph.UniqueName($"{node.Name}/resized");
        _graph.AddNode(node.Name, "Resize", [nchw, "", "", sizes], [resized])
            .With("mode", NodeAttribute.Of("linear"))
            .With("coordinate_transformation_mode", NodeAttribute.Of(mode))
            .With("axes", NodeAttribute.Of([2L, 3L]));
        _graph.AddNode($"{node.Name}/to_nhwc", "Transpose", [resized], [node.Name]).With("perm", NodeAttribute.Of(ToNhwc.Select(p => (long)p)));
    }

    /// <summary>Emits an NCHW spatial op, wrapped in transposes when the TF op works on NHWC.</summary>
    private GraphNode EmitSpatial(TfjsNode node, bool nhwc, string opType, string? weights)
    {
        var input = Value(node, 0);
        var output = node.Name;
        if (nhwc)
        {
            var nchw = _graph.UniqueName($"{node.Name}/nchw");
            _graph.AddNode($"{node.Name}/to_nchw", "Transpose", [input], [nchw]).With("perm", NodeAttribute.Of(ToNchw.Select(p => (long)p)));
            input = nchw;
            output = _graph.UniqueName($"{node.Name}/result");
        }

        var op = _graph.AddNode(node.Name, opType, weights is null ? [input] : [input, weights], [output]);
        if (nhwc)
        {
            _graph.AddNode($"{node.Name}/to_nhwc", "Transpose", [output], [node.Name]).With("perm", NodeAttribute.Of(ToNhwc.Select(p => (long)p)));
        }

        return op;
    }

    private static void ApplyPadding(TfjsNode node, GraphNode op, bool nhwc)
    {
        switch (node.Attribute("padding").String)
        {
            case "VALID":
                break;
            case "SAME":
                // TF puts the odd extra pixel at the bottom/right, which is SAME_UPPER.
                op.With("auto_pad", NodeAttribute.Of("SAME_UPPER"));
                break;
            case "EXPLICIT":
                var explicitPads = node.Attribute("explicit_paddings").Ints
                    ?? throw new ConversionException($"node {node.Name}: EXPLICIT padding without explicit_paddings");
                if (explicitPads.Count != 8)
                {
                    throw new ConversionException($"node {node.Name}: explicit_paddings must hold 8 values");
                }

                var (h, w) = nhwc ? (1, 2) : (2, 3);
                op.With("pads", NodeAttribute.Of([explicitPads[2 * h], explicitPads[2 * w], explicitPads[2 * h + 1], explicitPads[2 * w + 1]]));
                break;
            case var other:
                throw new ConversionException($"node {node.Name}: padding '{other}' is not supported");
        }
    }

    private static bool IsNhwc(TfjsNode node) =>
        !node.Attributes.TryGetValue("data_format", out var format) || format.String switch
        {
            "NHWC" => true,
            "NCHW" => false,
            var other => throw new ConversionException($"node {node.Name}: data_format '{other}' is not supported"),
        };

    private static long[] SpatialPair(TfjsNode node, string attribute, bool nhwc)
    {
        if (!node.Attributes.TryGetValue(attribute, out var value))
        {
            return [1, 1];
        }

        var values = value.Ints ?? throw new ConversionException($"node {node.Name}: attribute '{attribute}' is not a list");
        if (values.Count != 4 || values[0] != 1 || values[nhwc ? 3 : 1] != 1)
        {
            throw new ConversionException($"node {node.Name}: attribute '{attribute}' [{string.Join(',', values)}] must be 1 on batch and channels");
        }

        return nhwc ? [values[1], values[2]] : [values[2], values[3]];
    }

    private static bool Flag(TfjsNode node, string attribute) =>
        node.Attributes.TryGetValue(attribute, out var value) && value.Bool == true;

    private GraphNode Emit(TfjsNode node, string opType, IEnumerable<string> inputs) =>
        _graph.AddNode(node.Name, opType, inputs, [node.Name]);

    /// <summary>The value name feeding input <paramref name="index"/>; constants become initializers.</summary>
    private string Value(TfjsNode node, int index)
    {
        var name = InputName(node, index);
        if (!_constants.TryGetValue(name, out var constant))
        {
            return name;
        }

        if (!_initializerOfConstant.TryGetValue(name, out var initializer))
        {
            var shape = constant.Shape.Select(d => (long)d).ToArray();
            var tensor = constant.DataType == TfjsDataType.Float32
                ? ConstantTensor.OfFloats(name, shape, constant.Floats!)
                : ConstantTensor.OfLongs(name, shape, constant.Ints!.Select(v => (long)v).ToArray());
            initializer = _initializerOfConstant[name] = _graph.AddReservedInitializer(tensor);
        }

        return initializer;
    }

    private string Int64Initializer(TfjsNode node, int index, string what)
    {
        var constant = Constant(node, index, what);
        var values = Ints(node, index, what);
        return _graph.AddInitializer($"{node.Name}/{what}", ConstantTensor.OfLongs(what, constant.Shape.Select(d => (long)d).ToArray(), values));
    }

    private TfjsTensor Constant(TfjsNode node, int index, string what) =>
        _constants.TryGetValue(InputName(node, index), out var constant)
            ? constant
            : throw new ConversionException($"node {node.Name} ({node.Op}): input {index} ({what}) must be a constant");

    private long[] Ints(TfjsNode node, int index, string what)
    {
        var constant = Constant(node, index, what);
        return constant.DataType == TfjsDataType.Int32
            ? constant.Ints!.Select(v => (long)v).ToArray()
            : throw new ConversionException($"node {node.Name} ({node.Op}): input {index} ({what}) must be int32");
    }

    private long Scalar(TfjsNode node, int index, string what)
    {
        var values = Ints(node, index, what);
        return values.Length == 1 ? values[0] : throw new ConversionException($"node {node.Name} ({node.Op}): {what} must be a scalar");
    }

    private static string InputName(TfjsNode node, int index) =>
        index < node.Inputs.Count
            ? node.Inputs[index]
            : throw new ConversionException($"node {node.Name} ({node.Op}): missing input {index}");
}
