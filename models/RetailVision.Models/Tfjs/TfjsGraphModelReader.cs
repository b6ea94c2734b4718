using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RetailVision.Models.Tfjs;

/// <summary>Reads a TF.js <c>graph-model</c> (model.json plus its binary weight shards).</summary>
public static class TfjsGraphModelReader
{
    /// <summary>Reads the model, loading the weight shards named in its manifest from beside it.</summary>
    public static TfjsGraphModel Read(string modelJsonPath) => Read(modelJsonPath, weightsPath: null);

    /// <summary>
    /// Reads the model; <paramref name="weightsPath"/>, when given, holds all weight shards
    /// concatenated in manifest order instead of the files the manifest names.
    /// </summary>
    public static TfjsGraphModel Read(string modelJsonPath, string? weightsPath)
    {
        using var document = ParseJson(modelJsonPath);
        var root = document.RootElement;
        var format = OptionalString(root, "format");
        if (format is not null && format != "graph-model")
        {
            throw new TfjsFormatException($"{modelJsonPath}: format is '{format}', only 'graph-model' is supported");
        }

        var topology = Property(root, "modelTopology", modelJsonPath, "modelTopology");
        var (specs, shardPaths) = ReadWeightsManifest(root, modelJsonPath);
        var files = weightsPath is null
            ? shardPaths.Select(p => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))!, p)).ToList()
            : [weightsPath];
        var data = ReadShards(files);
        var weightsSource = string.Join(" + ", files);
        var weights = TfjsWeightsDecoder.Decode(specs, data, weightsSource);

        var nodes = new List<TfjsNode>();
        var constants = new Dictionary<string, TfjsTensor>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in ArrayProperty(topology, "node", modelJsonPath, "modelTopology.node"))
        {
            var node = ReadNode(element, modelJsonPath, $"modelTopology.node[{index++}]");
            if (node.Op == "Const")
            {
                constants[node.Name] = weights.TryGetValue(node.Name, out var value)
                    ? value
                    : throw new TfjsFormatException($"{modelJsonPath}: Const node '{node.Name}' has no entry in weightsManifest");
            }
            else
            {
                nodes.Add(node);
            }
        }

        var (inputs, outputs) = ReadSignature(root, nodes, modelJsonPath);
        return new TfjsGraphModel(modelJsonPath, nodes, constants, inputs, outputs);
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new TfjsFormatException($"{path}: not valid JSON ({e.Message})");
        }
    }

    private static byte[] ReadShards(IReadOnlyList<string> files)
    {
        using var buffer = new MemoryStream();
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new TfjsFormatException($"weights file {file} does not exist");
            }

            using var stream = File.OpenRead(file);
            stream.CopyTo(buffer);
        }

        return buffer.ToArray();
    }

    private static (List<TfjsWeightSpec> Specs, List<string> Paths) ReadWeightsManifest(JsonElement root, string file)
    {
        var specs = new List<TfjsWeightSpec>();
        var paths = new List<string>();
        var groupIndex = 0;
        foreach (var group in ArrayProperty(root, "weightsManifest", file, "weightsManifest"))
        {
            var where = $"weightsManifest[{groupIndex++}]";
            foreach (var path in ArrayProperty(group, "paths", file, $"{where}.paths"))
            {
                paths.Add(path.GetString() ?? throw new TfjsFormatException($"{file}: {where}.paths holds a non-string"));
            }

            var weightIndex = 0;
            foreach (var weight in ArrayProperty(group, "weights", file, $"{where}.weights"))
            {
                var at = $"{where}.weights[{weightIndex++}]";
                var shape = ArrayProperty(weight, "shape", file, $"{at}.shape")
                    .Select(d => d.TryGetInt32(out var v) && v >= 0 ? v : throw new TfjsFormatException($"{file}: {at}.shape holds '{d}'"))
                    .ToArray();
                string? quantDtype = null;
                string? quantOriginal = null;
                if (weight.TryGetProperty("quantization", out var quantization))
                {
                    quantDtype = RequiredString(quantization, "dtype", file, $"{at}.quantization.dtype");
                    quantOriginal = OptionalString(quantization, "original_dtype");
                }

                specs.Add(new TfjsWeightSpec(
                    RequiredString(weight, "name", file, $"{at}.name"),
                    shape,
                    RequiredString(weight, "dtype", file, $"{at}.dtype"),
                    quantDtype,
                    quantOriginal));
            }
        }

        return (specs, paths);
    }

    private static TfjsNode ReadNode(JsonElement element, string file, string where)
    {
        var name = RequiredString(element, "name", file, $"{where}.name");
        var op = RequiredString(element, "op", file, $"{where}.op");
        var inputs = new List<string>();
        if (element.TryGetProperty("input", out var inputArray))
        {
            foreach (var input in inputArray.EnumerateArray())
            {
                var text = input.GetString() ?? throw new TfjsFormatException($"{file}: {where}.input holds a non-string");
                if (!text.StartsWith('^'))
                {
                    inputs.Add(text.EndsWith(":0", StringComparison.Ordinal) ? text[..^2] : text);
                }
            }
        }

        var attributes = new Dictionary<string, TfjsAttribute>(StringComparer.Ordinal);
        if (element.TryGetProperty("attr", out var attrObject))
        {
            foreach (var attr in attrObject.EnumerateObject())
            {
                attributes[attr.Name] = ReadAttribute(attr.Value, file, $"{where}.attr.{attr.Name}");
            }
        }

        return new TfjsNode(name, op, inputs, attributes);
    }

    private static TfjsAttribute ReadAttribute(JsonElement value, string file, string where)
    {
        var attribute = new TfjsAttribute();
        foreach (var kind in value.EnumerateObject())
        {
            attribute = kind.Name switch
            {
                "s" => attribute with { String = DecodeBase64(kind.Value, file, where) },
                "i" => attribute with { Int = ReadInt64(kind.Value, file, where) },
                "f" => attribute with { Float = ReadFloat(kind.Value, file, where) },
                "b" => attribute with
                {
                    Bool = kind.Value.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? kind.Value.GetBoolean()
                        : throw new TfjsFormatException($"{file}: {where} holds '{kind.Value}', expected a boolean"),
                },
                "type" => attribute with { Type = kind.Value.GetString() },
                "shape" => attribute with { Shape = ReadShape(kind.Value, file, where) },
                "list" => attribute with
                {
                    Ints = ListOf(kind.Value, "i", e => ReadInt64(e, file, where)),
                    Floats = ListOf(kind.Value, "f", e => ReadFloat(e, file, where)),
                    Strings = ListOf(kind.Value, "s", e => DecodeBase64(e, file, where)),
                },
                // Tensors and functions are not needed: constants come from the weights.
                _ => attribute,
            };
        }

        return attribute;
    }

    private static List<T> ListOf<T>(JsonElement list, string kind, Func<JsonElement, T> read) =>
        list.TryGetProperty(kind, out var items) ? items.EnumerateArray().Select(read).ToList() : [];

    private static List<long> ReadShape(JsonElement shape, string file, string where)
    {
        if (shape.TryGetProperty("unknownRank", out var unknownRank) && unknownRank.GetBoolean())
        {
            throw new TfjsFormatException($"{file}: {where} has unknown rank");
        }

        // Protobuf JSON omits zero values, so a dim without "size" has size 0.
        return ListOf(shape, "dim", d => d.TryGetProperty("size", out var size) ? ReadInt64(size, file, where) : 0L);
    }

    private static long ReadInt64(JsonElement value, string file, string where)
    {
        // Protobuf JSON writes int64 as a string.
        if (value.ValueKind == JsonValueKind.String
            && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        throw new TfjsFormatException($"{file}: {where} holds '{value}', expected an integer");
    }

    private static float ReadFloat(JsonElement value, string file, string where)
    {
        // Protobuf JSON writes non-finite floats as the strings "NaN", "Infinity", "-Infinity".
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetSingle();
        }

        return value.GetString() switch
        {
            "NaN" => float.NaN,
            "Infinity" => float.PositiveInfinity,
            "-Infinity" => float.NegativeInfinity,
            _ => throw new TfjsFormatException($"{file}: {where} holds '{value}', expected a float"),
        };
    }

    private static string DecodeBase64(JsonElement value, string file, string where)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value.GetString() ?? ""));
        }
        catch (FormatException)
        {
            throw new TfjsFormatException($"{file}: {where} holds '{value}', expected base64 text");
        }
    }

    private static (List<string> Inputs, List<string> Outputs) ReadSignature(JsonElement root, List<TfjsNode> nodes, string file)
    {
        if (root.TryGetProperty("signature", out var signature)
            && signature.TryGetProperty("inputs", out var inputs)
            && signature.TryGetProperty("outputs", out var outputs))
        {
            return (SignatureNames(inputs, file, "signature.inputs"), SignatureNames(outputs, file, "signature.outputs"));
        }

        // Without a signature: placeholders are the inputs and tensors nobody consumes are the outputs.
        var consumed = nodes.SelectMany(n => n.Inputs).Select(i => i.Split(':')[0]).ToHashSet(StringComparer.Ordinal);
        return (
            nodes.Where(n => n.Op == "Placeholder").Select(n => n.Name).ToList(),
            nodes.Where(n => n.Op != "Placeholder" && !consumed.Contains(n.Name)).Select(n => n.Name).ToList());
    }

    private static List<string> SignatureNames(JsonElement map, string file, string where) =>
        map.EnumerateObject()
            .Select(p => RequiredString(p.Value, "name", file, $"{where}.{p.Name}.name"))
            .Select(n => n.EndsWith(":0", StringComparison.Ordinal) ? n[..^2] : n)
            .ToList();

    private static JsonElement Property(JsonElement parent, string name, string file, string where) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
            ? value
            : throw new TfjsFormatException($"{file}: missing field {where}");

    private static JsonElement.ArrayEnumerator ArrayProperty(JsonElement parent, string name, string file, string where)
    {
        var value = Property(parent, name, file, where);
        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new TfjsFormatException($"{file}: field {where} is not an array");
    }

    private static string RequiredString(JsonElement parent, string name, string file, string where)
    {
        var value = Property(parent, name, file, where);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new TfjsFormatException($"{file}: field {where} is not a string");
    }

    private static string? OptionalString(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
