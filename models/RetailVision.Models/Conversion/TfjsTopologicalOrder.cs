using RetailVision.Models.Tfjs;

namespace RetailVision.Models.Conversion;

/// <summary>Orders TF.js nodes producers-first (model.json does not promise any order); ties keep file order.</summary>
internal static class TfjsTopologicalOrder
{
    public static List<TfjsNode> Sort(IReadOnlyList<TfjsNode> nodes, IReadOnlyDictionary<string, TfjsTensor> constants)
    {
        var byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var position = nodes.Select((n, i) => (n.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var waitingOn = new int[nodes.Count];
        var dependents = nodes.Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < nodes.Count; i++)
        {
            foreach (var producer in nodes[i].Inputs.Select(ProducerName).Distinct())
            {
                if (byName.ContainsKey(producer))
                {
                    waitingOn[i]++;
                    dependents[position[producer]].Add(i);
                }
                else if (!constants.ContainsKey(producer))
                {
                    throw new ConversionException($"node {nodes[i].Name} reads '{producer}', which no node or constant produces");
                }
            }
        }

        var ready = new SortedSet<int>(Enumerable.Range(0, nodes.Count).Where(i => waitingOn[i] == 0));
        var sorted = new List<TfjsNode>(nodes.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min;
            ready.Remove(next);
            sorted.Add(nodes[next]);
            foreach (var dependent in dependents[next])
            {
                if (--waitingOn[dependent] == 0)
                {
                    ready.Add(dependent);
                }
            }
        }

        return sorted.Count == nodes.Count ? sorted : throw new ConversionException("the TF.js graph has a cycle");
    }

    private static string ProducerName(string tensor)
    {
        var colon = tensor.LastIndexOf(':');
        return colon > 0 && int.TryParse(tensor.AsSpan(colon + 1), out _) ? tensor[..colon] : tensor;
    }
}
