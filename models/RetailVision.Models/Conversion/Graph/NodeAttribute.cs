namespace RetailVision.Models.Conversion.Graph;

/// <summary>An ONNX node attribute value; exactly one member is set.</summary>
internal sealed record NodeAttribute
{
    public long? Int { get; private init; }

    public IReadOnlyList<long>? Ints { get; private init; }

    public float? Float { get; private init; }

    public string? String { get; private init; }

    public static NodeAttribute Of(long value) => new() { Int = value };

    public static NodeAttribute Of(IEnumerable<long> values) => new() { Ints = values.ToArray() };

    public static NodeAttribute Of(float value) => new() { Float = value };

    public static NodeAttribute Of(string value) => new() { String = value };
}
