using System.Text.Json.Nodes;

namespace RetailVision.Models.Tests.Support;

/// <summary>Writes a small TF.js graph model (model.json + one float32/int32 weights shard) for unit tests.</summary>
public sealed class SyntheticTfjsModel
{
    private readonly JsonArray _nodes = [];
    private readonly JsonArray _weights = [];
    private readonly List<byte> _data = [];

    public SyntheticTfjsModel Placeholder(string name, params long[] shape)
    {
        var dims = new JsonArray(shape.Select(d => (JsonNode)new JsonObject { ["size"] = d.ToString() }).ToArray());
        return Node(name, "Placeholder", [], new JsonObject
        {
            ["shape"] = new JsonObject { ["shape"] = new JsonObject { ["dim"] = dims } },
            ["dtype"] = new JsonObject { ["type"] = "DT_FLOAT" },
        });
    }

    public SyntheticTfjsModel FloatConst(string name, int[] shape, float[] values)
    {
        _weights.Add(new JsonObject { ["name"] = name, ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()), ["dtype"] = "float32" });
        foreach (var value in values)
        {
            _data.AddRange(BitConverter.GetBytes(value));
        }

        return Node(name, "Const", [], new JsonObject());
    }

    public SyntheticTfjsModel IntConst(string name, int[] shape, int[] values)
    {
        _weights.Add(new JsonObject { ["name"] = name, ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()), ["dtype"] = "int32" });
        foreach (var value in values)
        {
            _data.AddRange(BitConverter.GetBytes(value));
        }

        return Node(name, "Const", [], new JsonObject());
    }

    public SyntheticTfjsModel Node(string name, string op, string[] inputs, JsonObject attributes)
    {
        _nodes.Add(new JsonObject
        {
            ["name"] = name,
            ["op"] = op,
            ["input"] = new JsonArray(inputs.Select(i => (JsonNode)i).ToArray()),
            ["attr"] = attributes,
        });
        return this;
    }

    /// <summary>Writes model.json and weights.bin into <paramref name="directory"/>; returns the model.json path.</summary>
    public string Write(string directory, string output)
    {
        var model = new JsonObject
        {
            ["format"] = "graph-model",
            ["modelTopology"] = new JsonObject { ["node"] = _nodes.DeepClone() },
            ["weightsManifest"] = new JsonArray(new JsonObject { ["paths"] = new JsonArray("weights.bin"), ["weights"] = _weights.DeepClone() }),
            ["signature"] = new JsonObject
            {
                ["inputs"] = new JsonObject { ["x:0"] = new JsonObject { ["name"] = "x:0" } },
                ["outputs"] = new JsonObject { [$"{output}:0"] = new JsonObject { ["name"] = $"{output}:0" } },
            },
        };
        var path = Path.Combine(directory, "model.json");
        File.WriteAllText(path, model.ToJsonString());
        File.WriteAllBytes(Path.Combine(directory, "weights.bin"), _data.ToArray());
        return path;
    }

    public static JsonObject Ints(params long[] values) =>
        new() { ["list"] = new JsonObject { ["i"] = new JsonArray(values.Select(v => (JsonNode)v.ToString()).ToArray()) } };

    public static JsonObject Text(string value) => new() { ["s"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value)) };
}
