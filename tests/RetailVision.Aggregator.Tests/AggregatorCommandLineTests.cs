using RetailVision.Aggregator.Security;
using RetailVision.Aggregator.Tests.Support;

namespace RetailVision.Aggregator.Tests;

public sealed class AggregatorCommandLineTests
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private string[]? _serverArgs;

    [Fact]
    public void Help_lists_every_command_and_the_server_configuration()
    {
        Assert.Equal(0, Invoke(["--help"]));

        var help = _output.ToString();
        Assert.Contains(HashPasswordCommand.Name, help);
        Assert.Contains(CreateTokenCommand.Name, help);
        Assert.Contains("--config FILE", help);
        Assert.Null(_serverArgs);
    }

    [Fact]
    public void Hash_password_reads_standard_input_and_prints_a_hash_that_verifies()
    {
        Assert.Equal(0, Invoke([HashPasswordCommand.Name], input: "s3cret\n"));

        Assert.True(StorePasswordHash.Verify("s3cret", _output.ToString().Trim()));
        Assert.Null(_serverArgs);
    }

    [Fact]
    public void Create_token_prints_a_token()
    {
        Assert.Equal(0, Invoke([CreateTokenCommand.Name, "--name", "nightly-export", "--role", "Analyst"]));

        Assert.StartsWith(ApiToken.Prefix, _output.ToString().Trim());
        Assert.Null(_serverArgs);
    }

    [Fact]
    public void Without_a_command_the_server_gets_every_configuration_argument_unchanged()
    {
        string[] args = ["--Aggregator:Broker:Port=1884", "--urls=http://127.0.0.1:8099", "--config", "deploy/aggregator.json", "--Logging:LogLevel:Default=Warning"];

        Assert.Equal(0, Invoke(args));

        Assert.Equal(args, _serverArgs);
    }

    [Fact]
    public void No_arguments_runs_the_server()
    {
        Assert.Equal(0, Invoke([]));

        Assert.Equal([], _serverArgs!);
    }

    [Fact]
    public async Task The_passed_arguments_reach_the_servers_configuration_over_the_config_file()
    {
        using var folder = new TempDirectory();
        var file = folder.File("aggregator.json");
        File.WriteAllText(file, $$"""
            { "Aggregator": { "TopicPrefix": "chain-a", "DatabasePath": "{{folder.File("aggregator.db")}}", "Broker": { "Port": 1999, "AllowAnonymous": true } } }
            """);
        Invoke(["--Aggregator:Broker:Port=1884", "--config", file, "--Logging:LogLevel:Default=Warning"]);

        await using var app = AggregatorApp.Build(_serverArgs!);

        Assert.Equal("1884", app.Configuration["Aggregator:Broker:Port"]);
        Assert.Equal("chain-a", app.Configuration["Aggregator:TopicPrefix"]);
        Assert.Equal("Warning", app.Configuration["Logging:LogLevel:Default"]);
    }

    private int Invoke(string[] args, string input = "") =>
        AggregatorCommandLine.Create(new StringReader(input), serverArgs =>
            {
                _serverArgs = serverArgs;
                return Task.FromResult(0);
            })
            .Parse(args).Invoke(AggregatorCommandLine.Invocation(_output, _error));
}
