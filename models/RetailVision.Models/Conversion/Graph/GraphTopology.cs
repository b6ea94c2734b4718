namespace RetailVision.Models.Conversion.Graph;

/// <summary>Orders nodes so every node follows its producers; ties keep the current list order (deterministic).</summary>
internal static class GraphTopology
{
    public static List<GraphNode> Sort(ModelGraph graph)
    {
        var producers = graph.Producers();
        var position = graph.Nodes.Select((node, i) => (node, i)).ToDictionary(p => p.node, p => p.i);
        var waitingOn = new Dictionary<GraphNode, int>();
        var dependents = graph.Nodes.ToDictionary(n => n, _ => new List<GraphNode>());
        foreach (var node in graph.Nodes)
        {
            var sources = node.Inputs.Where(producers.ContainsKey).Select(i => producers[i]).Distinct().ToList();
            waitingOn[node] = sources.Count;
            foreach (var source in sources)
            {
                dependents[source].Add(node);
            }
        }

        var ready = new SortedSet<int>(graph.Nodes.Where(n => waitingOn[n] == 0).Select(n => position[n]));
        var sorted = new List<GraphNode>(graph.Nodes.Count);
        while (ready.Count > 0)
        {
            var node = graph.Nodes[ready.Min];
            ready.Remove(ready.Min);
            sorted.Add(node);
            foreach (var dependent in dependents[node])
            {
                if (--waitingOn[dependent] == 0)
                {
                    ready.Add(position[dependent]);
                }
            }
        }

        if (sorted.Count != graph.Nodes.Count)
        {
            throw new ConversionException("the graph has a cycle");
        }

        return sorted;
    }
}
