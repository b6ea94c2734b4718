using System.Buffers.Binary;
using Google.Protobuf;
using RetailVision.Models.Onnx.Proto;

namespace RetailVision.Models.Onnx;

/// <summary>Reads float32 and int64 initializers and writes the integer and float constants quantisation adds, little-endian raw data.</summary>
internal static class OnnxTensors
{
    public static float[] ReadFloats(TensorProto tensor) => Read(
        tensor, TensorProto.Types.DataType.Float, tensor.FloatData, 4, raw => BinaryPrimitives.ReadSingleLittleEndian(raw));

    public static long[] ReadLongs(TensorProto tensor) => Read(
        tensor, TensorProto.Types.DataType.Int64, tensor.Int64Data, 8, raw => BinaryPrimitives.ReadInt64LittleEndian(raw));

    public static TensorProto Floats(string name, long[] dims, IReadOnlyList<float> values) =>
        Raw(name, dims, TensorProto.Types.DataType.Float, values.Count, 4, (span, i) => BinaryPrimitives.WriteSingleLittleEndian(span, values[i]));

    public static TensorProto Int32s(string name, long[] dims, IReadOnlyList<int> values) =>
        Raw(name, dims, TensorProto.Types.DataType.Int32, values.Count, 4, (span, i) => BinaryPrimitives.WriteInt32LittleEndian(span, values[i]));

    /// <summary>8-bit integers: int8 when <paramref name="signed"/>, else uint8 (values must fit).</summary>
    public static TensorProto Bytes(string name, long[] dims, IReadOnlyList<int> values, bool signed) =>
        Raw(name, dims, signed ? TensorProto.Types.DataType.Int8 : TensorProto.Types.DataType.Uint8, values.Count, 1,
            (span, i) => span[0] = signed ? unchecked((byte)(sbyte)values[i]) : (byte)values[i]);

    private delegate T ElementReader<T>(ReadOnlySpan<byte> source);

    /// <summary>The values from the typed field when the writer used it, else from little-endian raw data.</summary>
    private static T[] Read<T>(TensorProto tensor, TensorProto.Types.DataType type, IReadOnlyCollection<T> typed, int width, ElementReader<T> read)
    {
        if (tensor.DataType != (int)type)
        {
            throw new InvalidDataException($"initializer {tensor.Name} has data type {tensor.DataType}, expected {type}");
        }

        if (typed.Count > 0)
        {
            return typed.ToArray();
        }

        var raw = tensor.RawData.Span;
        var values = new T[raw.Length / width];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = read(raw.Slice(i * width, width));
        }

        return values;
    }

    private delegate void ElementWriter(Span<byte> destination, int index);

    private static TensorProto Raw(string name, long[] dims, TensorProto.Types.DataType type, int count, int width, ElementWriter write)
    {
        var raw = new byte[count * width];
        for (var i = 0; i < count; i++)
        {
            write(raw.AsSpan(i * width, width), i);
        }

        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
