namespace RetailVision.Models.Tfjs;

/// <summary>
/// One graph node. <see cref="Inputs"/> name tensors as <c>node</c> (output 0) or <c>node:k</c>;
/// control dependencies are dropped because conversion only follows data flow.
/// </summary>
public sealed record TfjsNode(
    string Name,
    string Op,
    IReadOnlyList<string> Inputs,
    IReadOnlyDictionary<string, TfjsAttribute> Attributes)
{
    public TfjsAttribute Attribute(string name) =>
        Attributes.TryGetValue(name, out var value)
            ? value
            : throw new TfjsFormatException($"node {Name} ({Op}) has no attribute '{name}'");
}
