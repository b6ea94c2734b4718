using System.Buffers.Binary;

namespace RetailVision.Models.Tfjs;

/// <summary>
/// Decodes the concatenated weight shards: entries are packed back to back in manifest order,
/// float16-quantized entries are widened to float32, and the byte count must match exactly.
/// </summary>
public static class TfjsWeightsDecoder
{
    public static Dictionary<string, TfjsTensor> Decode(
        IReadOnlyList<TfjsWeightSpec> specs, ReadOnlySpan<byte> data, string weightsSource)
    {
        var expectedBytes = 0L;
        foreach (var spec in specs)
        {
            expectedBytes += (long)TfjsTensor.ElementCountOf(spec.Shape) * BytesPerValue(spec, weightsSource);
        }

        if (expectedBytes != data.Length)
        {
            throw new TfjsFormatException(
                $"{weightsSource}: holds {data.Length} bytes but weightsManifest describes {expectedBytes}");
        }

        var tensors = new Dictionary<string, TfjsTensor>(StringComparer.Ordinal);
        var offset = 0;
        foreach (var spec in specs)
        {
            var count = TfjsTensor.ElementCountOf(spec.Shape);
            var byteCount = count * BytesPerValue(spec, weightsSource);
            var bytes = data.Slice(offset, byteCount);
            offset += byteCount;
            var tensor = spec.Dtype == "int32"
                ? TfjsTensor.OfInts(spec.Name, spec.Shape, ReadInt32s(bytes, count))
                : TfjsTensor.OfFloats(spec.Name, spec.Shape, ReadFloats(spec, bytes, count));
            if (!tensors.TryAdd(spec.Name, tensor))
            {
                throw new TfjsFormatException($"{weightsSource}: weightsManifest lists '{spec.Name}' twice");
            }
        }

        return tensors;
    }

    /// <summary>Widens little-endian IEEE 754 half floats to float32 (exact: every half is a float).</summary>
    public static void WidenHalves(ReadOnlySpan<byte> halves, Span<float> destination)
    {
        if (halves.Length != destination.Length * 2)
        {
            throw new ArgumentException($"{halves.Length} bytes cannot fill {destination.Length} floats from halves");
        }

        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(halves.Slice(i * 2, 2));
        }
    }

    private static int BytesPerValue(TfjsWeightSpec spec, string weightsSource)
    {
        if (spec.QuantizationDtype is null)
        {
            return spec.Dtype is "float32" or "int32"
                ? 4
                : throw new TfjsFormatException(
                    $"{weightsSource}: weight '{spec.Name}' has unsupported dtype '{spec.Dtype}' (float32 and int32 are supported)");
        }

        if (spec.QuantizationDtype == "float16" && spec.Dtype == "float32"
            && spec.QuantizationOriginalDtype is null or "float32")
        {
            return 2;
        }

        throw new TfjsFormatException(
            $"{weightsSource}: weight '{spec.Name}' has unsupported quantization '{spec.QuantizationDtype}' of dtype '{spec.Dtype}' (only float16 of float32 is supported)");
    }

    private static float[] ReadFloats(TfjsWeightSpec spec, ReadOnlySpan<byte> bytes, int count)
    {
        var values = new float[count];
        if (spec.QuantizationDtype == "float16")
        {
            WidenHalves(bytes, values);
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4, 4));
            }
        }

        return values;
    }

    private static int[] ReadInt32s(ReadOnlySpan<byte> bytes, int count)
    {
        var values = new int[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(i * 4, 4));
        }

        return values;
    }
}
