namespace RetailVision.Models.Tfjs;

/// <summary>
/// One node attribute as TF.js stores it (a protobuf AttrValue in JSON form); only the member
/// matching the stored kind is set.
/// </summary>
public sealed record TfjsAttribute
{
    public string? String { get; init; }

    public long? Int { get; init; }

    public float? Float { get; init; }

    public bool? Bool { get; init; }

    /// <summary>A TF data type name such as <c>DT_FLOAT</c>.</summary>
    public string? Type { get; init; }

    /// <summary>A tensor shape; -1 marks an unknown dimension.</summary>
    public IReadOnlyList<long>? Shape { get; init; }

    public IReadOnlyList<long>? Ints { get; init; }

    public IReadOnlyList<float>? Floats { get; init; }

    public IReadOnlyList<string>? Strings { get; init; }
}
