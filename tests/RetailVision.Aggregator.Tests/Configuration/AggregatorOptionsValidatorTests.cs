using RetailVision.Aggregator.Configuration;
using RetailVision.Aggregator.Security;

namespace RetailVision.Aggregator.Tests.Configuration;

public sealed class AggregatorOptionsValidatorTests
{
    private static readonly string Hash = StorePasswordHash.Create("pw", StorePasswordHash.MinIterations);

    private static string? Failure(AggregatorOptions options) => new AggregatorOptionsValidator().Validate(null, options).FailureMessage;

    private static AggregatorOptions WithStore() => new()
    {
        Broker = new BrokerOptions { Stores = [new StoreCredentialOptions { StoreId = "s1", PasswordHash = Hash }] },
    };

    [Fact]
    public void A_store_with_a_hash_is_valid() => Assert.Null(Failure(WithStore()));

    [Fact]
    public void No_store_and_no_anonymous_clients_is_refused() =>
        Assert.Contains("Aggregator:Broker:Stores is empty and Aggregator:Broker:AllowAnonymous is false", Failure(new AggregatorOptions()));

    [Fact]
    public void Anonymous_clients_alone_are_enough() =>
        Assert.Null(Failure(new AggregatorOptions { Broker = new BrokerOptions { AllowAnonymous = true } }));

    [Fact]
    public void Each_failure_names_its_setting()
    {
        var options = WithStore();
        options.TopicPrefix = "retail/#";
        options.Broker.Port = 0;
        options.Broker.Stores.Add(new StoreCredentialOptions { StoreId = "s1", PasswordHash = "secret" });

        var failure = Failure(options);

        Assert.Contains("Aggregator:TopicPrefix 'retail/#'", failure);
        Assert.Contains("Aggregator:Broker:Port must be 1–65535 (was 0)", failure);
        Assert.Contains("Aggregator:Broker:Stores:1:StoreId 's1' is listed twice", failure);
        Assert.Contains("Aggregator:Broker:Stores:1:PasswordHash", failure);
    }

    [Fact]
    public void External_mode_needs_a_host() =>
        Assert.Contains("Aggregator:Broker:Host is required",
            Failure(new AggregatorOptions { Broker = new BrokerOptions { Mode = BrokerMode.External } }));
}
