namespace RetailVision.Models.Conversion.Graph;

/// <summary>One ONNX node; mutable so that optimisation passes can rewire it in place.</summary>
internal sealed class GraphNode(string name, string opType, IEnumerable<string> inputs, IEnumerable<string> outputs)
{
    public string Name { get; } = name;

    public string OpType { get; } = opType;

    public List<string> Inputs { get; } = inputs.ToList();

    public List<string> Outputs { get; } = outputs.ToList();

    /// <summary>Ordinal-sorted so that serialisation is deterministic.</summary>
    public SortedDictionary<string, NodeAttribute> Attributes { get; } = new(StringComparer.Ordinal);

    public GraphNode With(string attribute, NodeAttribute value)
    {
        Attributes[attribute] = value;
        return this;
    }

    public IReadOnlyList<long> Ints(string attribute) =>
        Attributes.TryGetValue(attribute, out var value) && value.Ints is not null
            ? value.Ints
            : throw new InvalidOperationException($"node {Name} ({OpType}) has no ints attribute '{attribute}'");

    public int[] Permutation => Ints("perm").Select(p => (int)p).ToArray();
}
