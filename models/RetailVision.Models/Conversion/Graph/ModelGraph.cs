namespace RetailVision.Models.Conversion.Graph;

/// <summary>
/// The ONNX-level graph the converter builds and optimises before serialising it: one float
/// input, named outputs, nodes in any order (the writer sorts them topologically).
/// </summary>
internal sealed class ModelGraph(string inputName, long[] inputShape)
{
    private readonly HashSet<string> _valueNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);

    public string InputName { get; set; } = inputName;

    /// <summary>Dimensions of the input; <see cref="SymbolicDimension.Batch"/> marks the batch.</summary>
    public long[] InputShape { get; set; } = inputShape;

    public List<GraphNode> Nodes { get; } = [];

    public Dictionary<string, ConstantTensor> Initializers { get; } = new(StringComparer.Ordinal);

    public List<string> Outputs { get; } = [];

    public GraphNode AddNode(string name, string opType, IEnumerable<string> inputs, IEnumerable<string> outputs)
    {
        var node = new GraphNode(Unique(_nodeNames, name), opType, inputs, outputs);
        Nodes.Add(node);
        return node;
    }

    /// <summary>Adds a constant under a fresh name derived from <paramref name="name"/> and returns that name.</summary>
    public string AddInitializer(string name, ConstantTensor tensor)
    {
        var unique = UniqueName(name);
        Initializers[unique] = tensor.Renamed(unique);
        return unique;
    }

    /// <summary>Adds a constant under its own name, which must have been reserved for it.</summary>
    public string AddReservedInitializer(ConstantTensor tensor)
    {
        if (!_valueNames.Contains(tensor.Name) || !Initializers.TryAdd(tensor.Name, tensor))
        {
            throw new InvalidOperationException($"initializer name {tensor.Name} is not reserved or already used");
        }

        return tensor.Name;
    }

    public ConstantTensor? ConstantOrNull(string valueName) =>
        Initializers.TryGetValue(valueName, out var constant) ? constant : null;

    /// <summary>Marks value names taken by the source graph so that generated names never collide with them.</summary>
    public void ReserveNames(IEnumerable<string> names) => _valueNames.UnionWith(names);

    /// <summary>A value name not used before, derived from <paramref name="name"/>.</summary>
    public string UniqueName(string name) => Unique(_valueNames, name);

    private static string Unique(HashSet<string> used, string name)
    {
        var candidate = name;
        for (var i = 1; !used.Add(candidate); i++)
        {
            candidate = $"{name}_{i}";
        }

        return candidate;
    }

    /// <summary>Maps each value name to the nodes that read it, in node order.</summary>
    public Dictionary<string, List<GraphNode>> Consumers()
    {
        var consumers = new Dictionary<string, List<GraphNode>>(StringComparer.Ordinal);
        foreach (var node in Nodes)
        {
            foreach (var input in node.Inputs.Where(i => i.Length > 0).Distinct())
            {
                if (!consumers.TryGetValue(input, out var list))
                {
                    consumers[input] = list = [];
                }

                list.Add(node);
            }
        }

        return consumers;
    }

    public Dictionary<string, GraphNode> Producers()
    {
        var producers = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        foreach (var node in Nodes)
        {
            foreach (var output in node.Outputs)
            {
                producers[output] = node;
            }
        }

        return producers;
    }

    /// <summary>Points every reader of <paramref name="from"/> at <paramref name="to"/> instead.</summary>
    public void ReplaceUses(string from, string to)
    {
        foreach (var node in Nodes)
        {
            for (var i = 0; i < node.Inputs.Count; i++)
            {
                if (node.Inputs[i] == from)
                {
                    node.Inputs[i] = to;
                }
            }
        }

        for (var i = 0; i < Outputs.Count; i++)
        {
            if (Outputs[i] == from)
            {
                Outputs[i] = to;
            }
        }
    }
}
