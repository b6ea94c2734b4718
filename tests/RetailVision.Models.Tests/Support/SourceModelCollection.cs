namespace RetailVision.Models.Tests.Support;

/// <summary>Tests that need the real source model share one fixture (one fetch, one read).</summary>
[CollectionDefinition(Name)]
public sealed class SourceModelCollection : ICollectionFixture<SourceModelFixture>
{
    public const string Name = "source model";
}
