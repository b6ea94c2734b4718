using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using RetailVision.Models.Conversion;
using RetailVision.Models.Tests.Support;
using RetailVision.Models.Tfjs;

namespace RetailVision.Models.Tests;

/// <summary>
/// Conv2D and MaxPool padding modes (VALID, SAME, EXPLICIT) on NHWC input, converted and run in
/// ONNX Runtime, against a direct evaluation of TF's definition.
/// </summary>
public sealed class SpatialOpConversionTests : IDisposable
{
    private const int Height = 5;
    private const int Width = 6;
    private const int Channels = 2;
    private const int Stride = 2;
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("spatial-op-test-");
    private readonly float[] _input = Enumerable.Range(0, Height * Width * Channels).Select(i => MathF.Sin(i * 0.7f) * 3).ToArray();
    private readonly float[] _filter = Enumerable.Range(0, 3 * 3 * Channels).Select(i => (i % 5) - 2f).ToArray();

    [Theory]
    [InlineData("VALID", 0, 0, 0, 0)]
    [InlineData("SAME", 1, 1, 0, 1)]
    [InlineData("EXPLICIT", 2, 0, 0, 1)]
    public void Conv2DMatchesTfDefinition(string padding, int top, int bottom, int left, int right)
    {
        var attributes = SpatialAttributes(padding, "strides", top, bottom, left, right);
        attributes["dilations"] = SyntheticTfjsModel.Ints(1, 1, 1, 1);
        var model = new SyntheticTfjsModel()
            .Placeholder("x", 1, Height, Width, Channels)
            .FloatConst("filter", [3, 3, Channels, 1], _filter)
            .Node("y", "Conv2D", ["x", "filter"], attributes);

        var actual = Run(model);

        var expected = Reference(top, bottom, left, right, 0f, window => window.Sum(p => p.Value * _filter[p.FilterIndex]));
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 4));
    }

    [Theory]
    [InlineData("VALID", 0, 0, 0, 0)]
    [InlineData("SAME", 1, 1, 0, 1)]
    public void MaxPoolMatchesTfDefinition(string padding, int top, int bottom, int left, int right)
    {
        var attributes = SpatialAttributes(padding, "strides", top, bottom, left, right);
        attributes["ksize"] = SyntheticTfjsModel.Ints(1, 3, 3, 1);
        var model = new SyntheticTfjsModel().Placeholder("x", 1, Height, Width, Channels).Node("y", "MaxPool", ["x"], attributes);

        var actual = Run(model);

        var expected = Reference(top, bottom, left, right, float.NegativeInfinity, window => window.Max(p => p.Value), perChannel: true);
        Assert.Equal(expected, actual);
    }

    private static JsonObject SpatialAttributes(string padding, string strides, int top, int bottom, int left, int right)
    {
        var attributes = new JsonObject
        {
            ["padding"] = SyntheticTfjsModel.Text(padding),
            ["data_format"] = SyntheticTfjsModel.Text("NHWC"),
            [strides] = SyntheticTfjsModel.Ints(1, Stride, Stride, 1),
        };
        if (padding == "EXPLICIT")
        {
            attributes["explicit_paddings"] = SyntheticTfjsModel.Ints(0, 0, top, bottom, left, right, 0, 0);
        }

        return attributes;
    }

    private float[] Run(SyntheticTfjsModel model)
    {
        var tfjs = TfjsGraphModelReader.Read(model.Write(_work.FullName, "y"));
        var result = TfjsToOnnxConverter.Convert(tfjs, new ConversionOptions { DynamicBatch = false });
        using var session = new InferenceSession(result.OnnxBytes);
        using var input = OrtValue.CreateTensorValueFromMemory(_input, [1, Height, Width, Channels]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>
    /// TF semantics: output (oy, ox) reads input rows oy·s − top + ky and columns ox·s − left + kx of a
    /// 3×3 window; outside the input reads <paramref name="fill"/>. Output is NHWC.
    /// </summary>
    private float[] Reference(
        int top, int bottom, int left, int right, float fill,
        Func<List<(float Value, int FilterIndex)>, float> reduce, bool perChannel = false)
    {
        var outHeight = (Height + top + bottom - 3) / Stride + 1;
        var outWidth = (Width + left + right - 3) / Stride + 1;
        var outChannels = perChannel ? Channels : 1;
        var result = new float[outHeight * outWidth * outChannels];
        for (var oy = 0; oy < outHeight; oy++)
        {
            for (var ox = 0; ox < outWidth; ox++)
            {
                for (var oc = 0; oc < outChannels; oc++)
                {
                    var window = new List<(float, int)>();
                    for (var ky = 0; ky < 3; ky++)
                    {
                        for (var kx = 0; kx < 3; kx++)
                        {
                            var (y, x) = (oy * Stride - top + ky, ox * Stride - left + kx);
                            foreach (var c in perChannel ? [oc] : Enumerable.Range(0, Channels))
                            {
                                var inside = y >= 0 && y < Height && x >= 0 && x < Width;
                                window.Add((inside ? _input[(y * Width + x) * Channels + c] : fill, (ky * 3 + kx) * Channels + c));
                            }
                        }
                    }

                    result[(oy * outWidth + ox) * outChannels + oc] = reduce(window);
                }
            }
        }

        return result;
    }

    public void Dispose() => _work.Delete(recursive: true);
}
