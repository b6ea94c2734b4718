namespace RetailVision.Models.Conversion.Graph;

/// <summary>Shapes in the graph are long arrays; this value stands for the symbolic batch dimension.</summary>
internal static class SymbolicDimension
{
    public const long Batch = -1;

    public const string BatchName = "batch";
}
