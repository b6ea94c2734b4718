namespace RetailVision.Models.Tfjs;

/// <summary>
/// A TF.js graph model read into plain records. <see cref="Nodes"/> excludes Const nodes, whose
/// values are in <see cref="Constants"/> keyed by tensor name.
/// </summary>
public sealed record TfjsGraphModel(
    string SourceName,
    IReadOnlyList<TfjsNode> Nodes,
    IReadOnlyDictionary<string, TfjsTensor> Constants,
    IReadOnlyList<string> InputNames,
    IReadOnlyList<string> OutputNames);
