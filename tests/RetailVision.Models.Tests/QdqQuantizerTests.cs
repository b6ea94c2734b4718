using RetailVision.Models.Onnx.Proto;
using RetailVision.Models.Quantization;
using RetailVision.Models.Tests.Support;

namespace RetailVision.Models.Tests;

/// <summary>The QDQ transform on the real NanoDet-g model at 416x416 with its committed calibration table.</summary>
[Collection(SourceModelCollection.Name)]
public sealed class QdqQuantizerTests(SourceModelFixture fixture)
{
    private static readonly InputSize Size = new(416, 416);

    private byte[] FloatBytes => File.ReadAllBytes(fixture.Store.Prepare(Size).OnnxPath);

    private CalibrationTable Table => CalibrationTableJson.Read(fixture.Store.CalibrationTablePath(Size));

    private ModelProto Quantized(QuantizationOptions? options = null) =>
        ModelProto.Parser.ParseFrom(QdqQuantizer.Quantize(FloatBytes, Table, options ?? ModelStore.QuantizationOptionsFor(fixture.Store.Manifest)));

    [Fact]
    public void EveryConvReadsQuantisedActivationsAndPerChannelInt8Weights()
    {
        var model = Quantized();
        var graph = model.Graph;
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        var consumers = graph.Node.SelectMany(n => n.Input.Select(i => (i, n))).ToLookup(p => p.i, p => p.n);
        var initializers = graph.Initializer.ToDictionary(i => i.Name);
        var convs = graph.Node.Where(n => n.OpType == "Conv").ToList();

        Assert.Equal(34, convs.Count);
        foreach (var conv in convs)
        {
            var activation = producers[conv.Input[0]];
            Assert.Equal("DequantizeLinear", activation.OpType);
            Assert.Equal("QuantizeLinear", producers[activation.Input[0]].OpType);
            Assert.Equal((int)TensorProto.Types.DataType.Uint8, initializers[activation.Input[2]].DataType);

            var weights = producers[conv.Input[1]];
            Assert.Equal("DequantizeLinear", weights.OpType);
            Assert.Equal(0, Assert.Single(weights.Attribute, a => a.Name == "axis").I);
            Assert.Equal((int)TensorProto.Types.DataType.Int8, initializers[weights.Input[0]].DataType);
            var outputChannels = initializers[weights.Input[0]].Dims[0];
            Assert.Equal([outputChannels], initializers[weights.Input[1]].Dims);

            var bias = producers[conv.Input[2]];
            Assert.Equal("DequantizeLinear", bias.OpType);
            Assert.Equal((int)TensorProto.Types.DataType.Int32, initializers[bias.Input[0]].DataType);

            // A single QuantizeLinear consumer is what lets ONNX Runtime fuse the Conv into QLinearConv.
            Assert.Equal("QuantizeLinear", Assert.Single(consumers[conv.Output[0]]).OpType);
        }

        Assert.DoesNotContain(graph.Initializer, i => i.DataType == (int)TensorProto.Types.DataType.Float && i.Dims.Count == 4);
    }

    [Fact]
    public void OutputsAndTheInputKeepTheirTypesShapesAndDynamicBatch()
    {
        var original = ModelProto.Parser.ParseFrom(FloatBytes);
        var quantized = Quantized();

        Assert.Equal(original.Graph.Input, quantized.Graph.Input);
        Assert.Equal(original.Graph.Output, quantized.Graph.Output);
        Assert.Equal("batch", quantized.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.All(quantized.Graph.Output, o => Assert.Equal("batch", o.Type.TensorType.Shape.Dim[0].DimParam));
        // The heads' Sigmoid and everything after the head convolutions stay float.
        var producers = quantized.Graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        Assert.All(quantized.Graph.Output, o => Assert.Equal("Transpose", producers[o.Name].OpType));
        Assert.All(quantized.Graph.Node.Where(n => n.OpType == "Sigmoid"), s => Assert.Equal("Split", producers[s.Input[0]].OpType));
        Assert.Contains(quantized.MetadataProps, p => p.Key == "precision" && p.Value == "int8");
    }

    [Fact]
    public void TheSameInputsGiveTheSameBytesAndTheManifestsHash()
    {
        var options = ModelStore.QuantizationOptionsFor(fixture.Store.Manifest);
        var first = QdqQuantizer.Quantize(FloatBytes, Table, options);
        var second = QdqQuantizer.Quantize(FloatBytes, Table, options);

        Assert.Equal(first, second);
        Assert.Equal(fixture.Store.ExpectedInt8Sha256(Size), Sha256Hex.OfBytes(first));
    }

    [Fact]
    public void FloatNodesKeepTheirFloatWeights()
    {
        const string head = "PartitionedCall/convolution_29";
        var model = Quantized(new QuantizationOptions { FloatNodes = [head] });
        var conv = Assert.Single(model.Graph.Node, n => n.Name == head);
        var weights = Assert.Single(model.Graph.Initializer, i => i.Name == conv.Input[1]);

        Assert.Equal((int)TensorProto.Types.DataType.Float, weights.DataType);
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "QuantizeLinear" && n.Input[0] == conv.Output[0]);
    }

    [Fact]
    public void UnknownFloatNodesAndMissingRangesAreErrors()
    {
        var unknown = Assert.Throws<QuantizationException>(() => Quantized(new QuantizationOptions { FloatNodes = ["no/such/node"] }));
        Assert.Contains("no/such/node", unknown.Message);

        var ranges = Table.Ranges.Where(r => r.Key != "PartitionedCall/onnx_tf_prefix_Concat_27").ToDictionary();
        var missing = Assert.Throws<QuantizationException>(() =>
            QdqQuantizer.Quantize(FloatBytes, Table with { Ranges = ranges }, new QuantizationOptions()));
        Assert.Contains("no range for tensor 'PartitionedCall/onnx_tf_prefix_Concat_27'", missing.Message);
    }
}
