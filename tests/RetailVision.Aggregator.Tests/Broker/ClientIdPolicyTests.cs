using RetailVision.Aggregator.Broker;
using RetailVision.Contracts;

namespace RetailVision.Aggregator.Tests.Broker;

public sealed class ClientIdPolicyTests
{
    private readonly ClientIdPolicy _policy = new(["store-a", "store-b"]);

    [Theory]
    [InlineData("store-a", "store-a:edge-1", null)]
    [InlineData("store-a", "store-a:box.2_x", null)]
    [InlineData("store-a", "store-b:edge-1", "not in this store's namespace")]
    [InlineData("store-a", "edge-store-b", "not in this store's namespace")]
    [InlineData("store-a", "store-a", "not in this store's namespace")]
    [InlineData("store-a", "store-a:", "not in this store's namespace")]
    [InlineData("store-a", "store-a:a/b", "not in this store's namespace")]
    [InlineData("store-a", "store-ab:edge", "not in this store's namespace")]
    [InlineData(null, "store-b:edge-1", "belongs to store 'store-b'")]
    [InlineData(null, "demo:edge-1", null)]
    [InlineData(null, "observer", null)]
    public void A_login_may_use_only_ids_of_its_own_store(string? login, string clientId, string? refusal)
    {
        var reason = _policy.Refusal(login, clientId);

        if (refusal is null) Assert.Null(reason);
        else Assert.Contains(refusal, reason);
    }

    [Fact]
    public void The_identity_comes_from_the_id_of_an_accepted_connection()
    {
        Assert.Equal(new ClientIdentity("store-b"), _policy.Identify(MqttClientIds.Edge("store-b", "edge-1")));
        Assert.Equal(ClientIdentity.Anonymous, _policy.Identify("demo:edge-1"));
        Assert.Equal(ClientIdentity.Anonymous, _policy.Identify("observer"));
    }

    [Fact]
    public void A_long_id_is_shortened_in_the_reason() =>
        Assert.True(_policy.Refusal("store-a", new string('x', 10_000))!.Length < 300);
}
