using System.Text.Json;
using RetailVision.Aggregator.Security;

namespace RetailVision.Aggregator.Tests.Security;

public sealed class CreateTokenCommandTests
{
    [Fact]
    public void Prints_a_new_token_and_the_entry_holding_only_its_hash()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = Run(["--name", "manager-berlin", "--role", "manager", "--store", "berlin-01", "--store", "berlin-02"], output, error);

        Assert.Equal(0, code);
        var token = output.ToString().Trim();
        Assert.StartsWith(ApiToken.Prefix, token);
        var entry = JsonDocument.Parse(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
        Assert.Equal("manager-berlin", entry.GetProperty("Name").GetString());
        Assert.Equal("Manager", entry.GetProperty("Role").GetString());
        Assert.Equal(["berlin-01", "berlin-02"], entry.GetProperty("Stores").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(ApiToken.HashOf(token), entry.GetProperty("Sha256").GetString());
        Assert.DoesNotContain(token, error.ToString());
    }

    [Fact]
    public void Two_tokens_are_never_the_same() => Assert.NotEqual(ApiToken.Create(), ApiToken.Create());

    [Theory]
    [InlineData("a Manager token needs at least one store", "--name", "m", "--role", "Manager")]
    [InlineData("chain-wide and takes no stores", "--name", "a", "--role", "Analyst", "--store", "s1")]
    [InlineData("--name 'a b'", "--name", "a b", "--role", "Admin")]
    public void Refuses_what_the_aggregator_would_not_accept(string message, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(2, Run(args, output, error));
        Assert.Contains(message, error.ToString());
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void An_unknown_role_is_a_parse_error() =>
        Assert.NotEqual(0, Run(["--name", "x", "--role", "owner"], new StringWriter(), new StringWriter()));

    // Through the aggregator's own command line, as `retailvision-aggregator create-token …` runs it.
    private static int Run(string[] args, TextWriter output, TextWriter error) =>
        AggregatorCommandLine.Create(TextReader.Null, _ => throw new InvalidOperationException("create-token must not start the server"))
            .Parse([CreateTokenCommand.Name, .. args]).Invoke(AggregatorCommandLine.Invocation(output, error));
}
