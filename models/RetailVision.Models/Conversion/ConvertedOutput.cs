namespace RetailVision.Models.Conversion;

/// <summary>One graph output; <c>-1</c> in <see cref="Shape"/> is the symbolic batch dimension.</summary>
public sealed record ConvertedOutput(string Name, IReadOnlyList<long> Shape);
