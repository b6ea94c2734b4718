namespace RetailVision.Models.Conversion.Graph;

/// <summary>Removes nodes and constants that do not contribute to an output, and pass-through Identity nodes.</summary>
internal static class GraphCleanup
{
    public static void RemoveIdentities(ModelGraph graph)
    {
        foreach (var identity in graph.Nodes.Where(n => n.OpType == "Identity").ToList())
        {
            graph.ReplaceUses(identity.Outputs[0], identity.Inputs[0]);
            graph.Nodes.Remove(identity);
        }
    }

    public static void RemoveUnused(ModelGraph graph)
    {
        var needed = new HashSet<string>(graph.Outputs, StringComparer.Ordinal);
        var live = new HashSet<GraphNode>();
        foreach (var node in Enumerable.Reverse(GraphTopology.Sort(graph)))
        {
            if (node.Outputs.Any(needed.Contains))
            {
                live.Add(node);
                needed.UnionWith(node.Inputs);
            }
        }

        graph.Nodes.RemoveAll(n => !live.Contains(n));
        foreach (var name in graph.Initializers.Keys.Where(k => !needed.Contains(k)).ToList())
        {
            graph.Initializers.Remove(name);
        }
    }
}
