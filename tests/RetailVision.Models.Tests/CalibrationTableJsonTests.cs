using System.Text.Json.Nodes;
using RetailVision.Models.Quantization;

namespace RetailVision.Models.Tests;

/// <summary>Calibration tables are read strictly, and a written table reads back the same.</summary>
public sealed class CalibrationTableJsonTests
{
    private const string Valid = """
        {
          "modelId": "nanodet-g",
          "inputSize": "416x416",
          "method": "percentile 99.99",
          "frames": "vtest.avi frames 1-400, every 4",
          "ranges": { "input": { "min": -1.8, "max": 2.6 }, "conv": { "min": -3.5, "max": 7.25 } }
        }
        """;

    [Fact]
    public void TheCommittedTableReadsAndCoversTheInput()
    {
        var path = ModelStore.OpenDefault().CalibrationTablePath(new InputSize(416, 416));
        var table = CalibrationTableJson.Read(path);

        Assert.Equal(("nanodet-g", "416x416", "mse"), (table.ModelId, table.InputSize, table.Method));
        Assert.True(table.Ranges["input"].Min < -1.5f && table.Ranges["input"].Max > 2f, "the input spans the normalised pixel range");
        Assert.Equal(File.ReadAllText(path), CalibrationTableJson.Serialize(table));
    }

    [Fact]
    public void AWrittenTableReadsBackTheSameAndSorted()
    {
        var table = CalibrationTableJson.Parse(Valid, "valid");
        var written = CalibrationTableJson.Serialize(table);
        var again = CalibrationTableJson.Parse(written, "written");

        Assert.Equal(table.Ranges.OrderBy(r => r.Key, StringComparer.Ordinal), again.Ranges.OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.True(written.IndexOf("\"conv\"", StringComparison.Ordinal) < written.IndexOf("\"input\"", StringComparison.Ordinal));
        Assert.Equal(written, CalibrationTableJson.Serialize(again));
    }

    [Theory]
    [InlineData("unknown", "thresholds")]
    [InlineData("missing", "ranges")]
    [InlineData("inverted", "ranges.conv")]
    [InlineData("size", "inputSize")]
    [InlineData("empty", "ranges")]
    [InlineData("null", "method")]
    public void BadTablesAreRejectedNamingTheField(string problem, string field)
    {
        var json = JsonNode.Parse(Valid)!;
        switch (problem)
        {
            case "unknown": json["thresholds"] = 1; break;
            case "missing": json.AsObject().Remove("ranges"); break;
            case "inverted": json["ranges"]!["conv"]!["min"] = 9; break;
            case "size": json["inputSize"] = "416"; break;
            case "empty": json["ranges"] = new JsonObject(); break;
            case "null": json["method"] = null; break;
        }

        var error = Assert.Throws<QuantizationException>(() => CalibrationTableJson.Parse(json.ToJsonString(), "bad.json"));
        Assert.StartsWith("bad.json: ", error.Message);
        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var error = Assert.Throws<QuantizationException>(() => CalibrationTableJson.Read("/nonexistent/table.json"));
        Assert.Contains("/nonexistent/table.json does not exist", error.Message);
    }
}
