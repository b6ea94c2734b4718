using RetailVision.Models.Tfjs;

namespace RetailVision.Models.Tests.Support;

/// <summary>
/// The default model store (repository cache, so converted models are reused across runs), its
/// source files fetched if needed, and the TF.js model read once.
/// </summary>
public sealed class SourceModelFixture
{
    public SourceModelFixture()
    {
        Store = ModelStore.OpenDefault();
        Source = Store.PrepareSource();
        Model = TfjsGraphModelReader.Read(Source.ModelJsonPath, Source.WeightsPath);
    }

    public ModelStore Store { get; }

    public SourceModelFiles Source { get; }

    public TfjsGraphModel Model { get; }
}
