namespace RetailVision.Edge.Configuration;

/// <summary>A configuration problem, phrased as "file: field: what is wrong" so one line tells the user what to fix.</summary>
public sealed class ConfigException(string file, string field, string problem)
    : Exception($"{file}: {field}: {problem}")
{
    public string File { get; } = file;
    public string Field { get; } = field;
}
