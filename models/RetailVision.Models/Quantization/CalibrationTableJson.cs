using System.Text.Json;

namespace RetailVision.Models.Quantization;

/// <summary>
/// The calibration table file (<c>models/manifests/&lt;id&gt;.calibration-&lt;W&gt;x&lt;H&gt;.json</c>): read strictly
/// (unknown, missing or null fields, empty or inverted ranges are errors naming the file and field) and written
/// with tensors in ordinal order, so the same table always gives the same file.
/// </summary>
public static class CalibrationTableJson
{
    public static CalibrationTable Read(string path) =>
        Validated(StrictJson.ReadFile<CalibrationTable>(path, "calibration table", Error), path);

    public static CalibrationTable Parse(string json, string sourceName) =>
        Validated(StrictJson.Parse<CalibrationTable>(json, sourceName, "calibration table", Error), sourceName);

    public static string Serialize(CalibrationTable table)
    {
        Validate(table, "calibration table");
        var ordered = table with
        {
            Ranges = new SortedDictionary<string, TensorRange>(table.Ranges.ToDictionary(), StringComparer.Ordinal),
        };
        return JsonSerializer.Serialize(ordered, StrictJson.Options).ReplaceLineEndings("\n") + "\n";
    }

    private static QuantizationException Error(string message) => new(message);

    private static CalibrationTable Validated(CalibrationTable table, string sourceName)
    {
        Validate(table, sourceName);
        return table;
    }

    private static void Validate(CalibrationTable table, string file)
    {
        void Require(bool condition, string field, string problem)
        {
            if (!condition)
            {
                throw new QuantizationException($"{file}: field {field} {problem}");
            }
        }

        Require(table.ModelId.Length > 0, "modelId", "is empty");
        Require(IsSize(table.InputSize), "inputSize", $"is '{table.InputSize}', expected WxH, e.g. 416x416");
        Require(table.Method.Length > 0, "method", "is empty");
        Require(table.Ranges.Count > 0, "ranges", "is empty: it must give a range for every tensor to quantise");
        foreach (var (tensor, range) in table.Ranges)
        {
            Require(tensor.Length > 0, "ranges", "has an empty tensor name");
            Require(float.IsFinite(range.Min) && float.IsFinite(range.Max), $"ranges.{tensor}", "must have finite min and max");
            Require(range.Min <= range.Max, $"ranges.{tensor}", $"has min {range.Min} above max {range.Max}");
        }
    }

    private static bool IsSize(string text) => InputSize.TryParse(text, out var size) && size.ToString() == text;
}
