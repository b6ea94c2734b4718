namespace RetailVision.FaultTests.Support;

/// <summary>The built programs under test, from the same configuration as this test assembly (Release under tests/run-all.sh).</summary>
public static class Binaries
{
    public static string Aggregator => RepositoryLayout.AggregatorDll;

    public static string Edge => RepositoryLayout.Built(Path.Combine("edge-agent", "RetailVision.Edge.Cli"), "retailvision-edge.dll");
}
