using System.Buffers.Binary;
using RetailVision.Models.Tfjs;

namespace RetailVision.Models.Tests;

public sealed class TfjsWeightsDecoderTests
{
    [Fact]
    public void HalvesWidenExactlyIncludingSubnormalsAndInfinities()
    {
        ushort[] bits = [0x3C00, 0xC000, 0x7BFF, 0x0001, 0x3555, 0x7C00, 0xFC00, 0x8000];
        var bytes = new byte[bits.Length * 2];
        for (var i = 0; i < bits.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), bits[i]);
        }

        var floats = new float[bits.Length];
        TfjsWeightsDecoder.WidenHalves(bytes, floats);

        Assert.Equal([1f, -2f, 65504f, MathF.Pow(2, -24), 0.333251953125f, float.PositiveInfinity, float.NegativeInfinity, -0f], floats);
        Assert.True(float.IsNegative(floats[7]));
    }

    [Fact]
    public void EntriesArePackedBackToBackInManifestOrder()
    {
        var data = new List<byte>();
        data.AddRange(Half(1.5f));
        data.AddRange(Half(-0.25f));
        data.AddRange(BitConverter.GetBytes(7));
        data.AddRange(BitConverter.GetBytes(2.5f));
        TfjsWeightSpec[] specs =
        [
            new("halves", [2], "float32", "float16", "float32"),
            new("int", [], "int32", null, null),
            new("float", [1, 1], "float32", null, null),
        ];

        var tensors = TfjsWeightsDecoder.Decode(specs, data.ToArray(), "test.bin");

        Assert.Equal([1.5f, -0.25f], tensors["halves"].Floats!);
        Assert.Equal([7], tensors["int"].Ints!);
        Assert.Equal([2.5f], tensors["float"].Floats!);
        Assert.Equal([1, 1], tensors["float"].Shape);
    }

    [Fact]
    public void ByteCountMismatchIsRejectedNamingTheFile()
    {
        TfjsWeightSpec[] specs = [new("w", [3], "float32", null, null)];

        var error = Assert.Throws<TfjsFormatException>(() => TfjsWeightsDecoder.Decode(specs, new byte[10], "model.bin"));

        Assert.Contains("model.bin", error.Message);
        Assert.Contains("10 bytes", error.Message);
        Assert.Contains("12", error.Message);
    }

    [Theory]
    [InlineData("bool", null)]
    [InlineData("string", null)]
    [InlineData("float32", "uint8")]
    public void UnsupportedEncodingsAreRejectedNamingTheWeight(string dtype, string? quantization)
    {
        TfjsWeightSpec[] specs = [new("odd_weight", [1], dtype, quantization, quantization is null ? null : "float32")];

        var error = Assert.Throws<TfjsFormatException>(() => TfjsWeightsDecoder.Decode(specs, new byte[4], "model.bin"));

        Assert.Contains("odd_weight", error.Message);
        Assert.Contains("model.bin", error.Message);
    }

    private static byte[] Half(float value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteHalfLittleEndian(bytes, (Half)value);
        return bytes;
    }
}
