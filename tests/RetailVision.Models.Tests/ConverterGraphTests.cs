using RetailVision.Models.Conversion;
using RetailVision.Models.Onnx.Proto;
using RetailVision.Models.Tests.Support;

namespace RetailVision.Models.Tests;

/// <summary>Structure of the converted default model: clean NCHW graph, batch-dynamic, retargetable, deterministic.</summary>
[Collection(SourceModelCollection.Name)]
public sealed class ConverterGraphTests(SourceModelFixture fixture)
{
    private ConversionResult Convert(InputSize size) =>
        TfjsToOnnxConverter.Convert(fixture.Model, ModelStore.ConversionOptionsFor(fixture.Store.Manifest, size));

    [Fact]
    public void OnlyTheOutputTransposesRemain()
    {
        var result = Convert(new InputSize(416, 416));
        var graph = ModelProto.Parser.ParseFrom(result.OnnxBytes).Graph;

        var transposes = graph.Node.Where(n => n.OpType == "Transpose").ToList();
        Assert.Equal(6, transposes.Count);
        Assert.Equal(6, result.TransposeCount);
        Assert.All(transposes, t =>
        {
            Assert.Equal([0L, 2L, 1L], t.Attribute.Single(a => a.Name == "perm").Ints);
            Assert.Contains(graph.Output, o => o.Name == t.Output[0]);
        });
        // Pads went into Conv/MaxPool, biases into Conv, identities away.
        Assert.DoesNotContain(graph.Node, n => n.OpType is "Pad" or "Identity");
        Assert.Equal(34, graph.Node.Count(n => n.OpType == "Conv" && n.Input.Count == 3));
    }

    [Fact]
    public void InputAndOutputsAreNamedAndBatchDynamic()
    {
        var model = ModelProto.Parser.ParseFrom(Convert(new InputSize(416, 416)).OnnxBytes);

        Assert.Equal(ConverterInfo.OnnxOpset, model.OpsetImport.Single().Version);
        var input = model.Graph.Input.Single();
        Assert.Equal("input", input.Name);
        Assert.Equal(["batch", "3", "416", "416"], Dims(input));
        Assert.Equal(
            ["scores_s8", "boxes_s8", "scores_s16", "boxes_s16", "scores_s32", "boxes_s32"],
            model.Graph.Output.Select(o => o.Name));
        Assert.Equal(["batch", "2704", "80"], Dims(model.Graph.Output[0]));
        Assert.Equal(["batch", "169", "44"], Dims(model.Graph.Output[5]));
    }

    [Fact]
    public void RetargetingRescalesEveryStride()
    {
        var result = Convert(new InputSize(416, 320));

        Assert.Equal(new InputSize(416, 320), result.InputSize);
        // -1 is the symbolic batch; N = (416/s)·(320/s).
        Assert.Equal([-1L, 52 * 40, 80], result.Outputs.Single(o => o.Name == "scores_s8").Shape);
        Assert.Equal([-1L, 26 * 20, 44], result.Outputs.Single(o => o.Name == "boxes_s16").Shape);
        Assert.Equal([-1L, 13 * 10, 80], result.Outputs.Single(o => o.Name == "scores_s32").Shape);
    }

    [Theory]
    [InlineData(410, 416)]
    [InlineData(416, 300)]
    public void RetargetingRejectsSizesNotMultipleOf32(int width, int height)
    {
        var error = Assert.Throws<ArgumentException>(() => Convert(new InputSize(width, height)));
        Assert.Contains($"{width}x{height}", error.Message);
        Assert.Contains("multiples of 32", error.Message);
    }

    [Fact]
    public void ConversionIsDeterministic()
    {
        var first = Convert(new InputSize(416, 416));
        var second = Convert(new InputSize(416, 416));

        Assert.Equal(first.OnnxBytes, second.OnnxBytes);
        Assert.Equal(first.Sha256, second.Sha256);
    }

    private static List<string> Dims(ValueInfoProto value) =>
        value.Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString()).ToList();
}
