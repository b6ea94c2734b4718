using System.Text.Json.Nodes;
using RetailVision.Models.Tests.Support;
using RetailVision.Models.Tfjs;

namespace RetailVision.Models.Tests;

public sealed class TfjsGraphModelReaderTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("tfjs-reader-test-");

    [Fact]
    public void NodesConstantsAndSignatureAreRead()
    {
        var path = new SyntheticTfjsModel()
            .Placeholder("x", 1, 2)
            .FloatConst("w", [2], [0.5f, -1f])
            .Node("y", "AddV2", ["x:0", "w", "^x"], new JsonObject { ["T"] = new JsonObject { ["type"] = "DT_FLOAT" } })
            .Write(_work.FullName, "y");

        var model = TfjsGraphModelReader.Read(path);

        Assert.Equal(["x"], model.InputNames);
        Assert.Equal(["y"], model.OutputNames);
        Assert.Equal(["x", "y"], model.Nodes.Select(n => n.Name));
        Assert.Equal(["x", "w"], model.Nodes[1].Inputs);
        Assert.Equal("DT_FLOAT", model.Nodes[1].Attributes["T"].Type);
        Assert.Equal([0.5f, -1f], model.Constants["w"].Floats!);
        Assert.Equal([1L, 2L], model.Nodes[0].Attributes["shape"].Shape);
    }

    [Fact]
    public void MissingWeightsFileIsNamed()
    {
        var path = new SyntheticTfjsModel().Placeholder("x", 1).Write(_work.FullName, "x");
        File.Delete(Path.Combine(_work.FullName, "weights.bin"));

        var error = Assert.Throws<TfjsFormatException>(() => TfjsGraphModelReader.Read(path));

        Assert.Contains("weights.bin", error.Message);
    }

    [Fact]
    public void MissingFieldsAreNamedWithTheFile()
    {
        var path = Path.Combine(_work.FullName, "model.json");
        File.WriteAllText(path, """{"format":"graph-model","weightsManifest":[]}""");

        var error = Assert.Throws<TfjsFormatException>(() => TfjsGraphModelReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("modelTopology", error.Message);
    }

    [Fact]
    public void ConstWithoutWeightsIsRejected()
    {
        var path = new SyntheticTfjsModel().Placeholder("x", 1).Node("orphan", "Const", [], new JsonObject()).Write(_work.FullName, "x");

        var error = Assert.Throws<TfjsFormatException>(() => TfjsGraphModelReader.Read(path));

        Assert.Contains("orphan", error.Message);
    }

    public void Dispose() => _work.Delete(recursive: true);
}
