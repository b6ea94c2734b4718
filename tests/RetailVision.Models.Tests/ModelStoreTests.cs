using RetailVision.Models.Conversion;
using RetailVision.Models.Tests.Support;

namespace RetailVision.Models.Tests;

/// <summary>Preparing models: cache reuse, hash verification against the manifest, size validation.</summary>
[Collection(SourceModelCollection.Name)]
public sealed class ModelStoreTests(SourceModelFixture fixture)
{
    [Fact]
    public void EveryRecordedSizeMatchesTheManifest()
    {
        var recorded = fixture.Store.Manifest.Conversion.Sha256BySize;
        Assert.Contains("416x416", recorded.Keys);
        Assert.Contains("640x640", recorded.Keys);
        Assert.Contains("416x320", recorded.Keys);
        foreach (var (size, sha) in recorded)
        {
            var prepared = fixture.Store.Prepare(InputSize.Parse(size));
            Assert.True(prepared.Sha256RecordedInManifest);
            Assert.Equal(sha, prepared.Sha256);
            Assert.Equal(sha, Sha256Hex.OfFile(prepared.OnnxPath));
        }
    }

    [Fact]
    public void PreparedModelDescribesItsInputAndDecoder()
    {
        var prepared = fixture.Store.Prepare(416, 320);

        Assert.Equal("nanodet-g", prepared.ModelId);
        Assert.EndsWith("nanodet-g-416x320.onnx", prepared.OnnxPath);
        Assert.Equal((416, 320), (prepared.Input.Width, prepared.Input.Height));
        Assert.Equal("BGR", prepared.Input.ChannelOrder);
        Assert.Equal("nanodet-gfl", prepared.Decoder.Kind);
        Assert.Equal("person", prepared.Classes[0]);
    }

    [Fact]
    public void PrepareReusesTheCachedModel()
    {
        var first = fixture.Store.Prepare(416, 416);
        var written = File.GetLastWriteTimeUtc(first.OnnxPath);
        var second = fixture.Store.Prepare(416, 416);

        Assert.Equal(first.OnnxPath, second.OnnxPath);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second.OnnxPath));
    }

    [Fact]
    public void ConvertedModelWithAnotherHashIsRejectedAndNotCached()
    {
        var manifest = fixture.Store.Manifest with
        {
            Id = $"nanodet-g-wrong-sha-{Guid.NewGuid():N}",
            Conversion = fixture.Store.Manifest.Conversion with
            {
                Sha256BySize = new Dictionary<string, string> { ["416x416"] = new string('0', 64) },
            },
        };
        var store = new ModelStore(manifest, fixture.Store.CacheDirectory);

        var error = Assert.Throws<ModelIntegrityException>(() => store.Prepare(416, 416));
        Assert.Contains(new string('0', 64), error.Message);
        Assert.False(File.Exists(store.OnnxPath(new InputSize(416, 416))));
    }

    [Fact]
    public async Task ConcurrentPreparesOfAnUncachedSizeBothSucceed()
    {
        // Another id changes the produced bytes (it is written into the model), so no hash is recorded for it.
        var manifest = fixture.Store.Manifest with
        {
            Id = $"nanodet-g-concurrent-{Guid.NewGuid():N}",
            Conversion = fixture.Store.Manifest.Conversion with { Sha256BySize = new Dictionary<string, string>() },
        };
        var stores = Enumerable.Range(0, 2).Select(_ => new ModelStore(manifest, fixture.Store.CacheDirectory)).ToList();
        try
        {
            var prepared = await Task.WhenAll(stores.Select(s => Task.Run(() => s.Prepare(416, 416))));

            Assert.Equal(prepared[0].Sha256, prepared[1].Sha256);
            Assert.Equal(prepared[0].Sha256, Sha256Hex.OfFile(prepared[0].OnnxPath));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(prepared[0].OnnxPath)!, $"{manifest.Id}*.tmp"));
        }
        finally
        {
            File.Delete(stores[0].OnnxPath(new InputSize(416, 416)));
        }
    }

    [Theory]
    [InlineData(416, 330)]
    [InlineData(100, 416)]
    public void SizesNotMultipleOf32AreRejected(int width, int height)
    {
        var error = Assert.Throws<ArgumentException>(() => fixture.Store.Prepare(width, height));
        Assert.Contains("multiples of 32", error.Message);
    }

    [Fact]
    public void ConverterVersionMatchesTheManifest() =>
        Assert.Equal(ConverterInfo.Version, fixture.Store.Manifest.Conversion.ConverterVersion);

    [Fact]
    public void Int8IsQuantisedFromTheCommittedTableAndMatchesTheManifest()
    {
        var prepared = fixture.Store.Prepare(416, 416, ModelPrecision.Int8);

        Assert.Equal(ModelPrecision.Int8, prepared.Precision);
        Assert.EndsWith("nanodet-g-416x416-int8.onnx", prepared.OnnxPath);
        Assert.True(prepared.Sha256RecordedInManifest);
        Assert.Equal(fixture.Store.Manifest.Quantization.Sha256BySize["416x416"], prepared.Sha256);
        Assert.Equal(prepared.Sha256, Sha256Hex.OfFile(prepared.OnnxPath));
        Assert.Equal((416, 416), (prepared.Input.Width, prepared.Input.Height));
        Assert.Equal(ModelPrecision.Fp32, fixture.Store.Prepare(416, 416).Precision);
    }

    [Fact]
    public void Int8WithoutACalibrationTableNamesTheMissingFile()
    {
        var calibration = Directory.CreateTempSubdirectory("no-calibration-");
        try
        {
            // A recorded hash the cached int8 file cannot match forces quantising again, which needs the table.
            var manifest = fixture.Store.Manifest with
            {
                Quantization = fixture.Store.Manifest.Quantization with
                {
                    Sha256BySize = new Dictionary<string, string> { ["416x416"] = new string('0', 64) },
                },
            };
            var store = new ModelStore(manifest, fixture.Store.CacheDirectory, calibrationDirectory: calibration.FullName);
            var error = Assert.Throws<Quantization.QuantizationException>(() => store.Prepare(416, 416, ModelPrecision.Int8));
            Assert.Contains(Path.Combine(calibration.FullName, "nanodet-g.calibration-416x416.json"), error.Message);
        }
        finally
        {
            calibration.Delete(recursive: true);
        }
    }
}
