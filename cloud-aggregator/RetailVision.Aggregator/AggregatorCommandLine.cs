using System.CommandLine;
using RetailVision.Aggregator.Security;

namespace RetailVision.Aggregator;

/// <summary>
/// The aggregator's command line: <c>hash-password</c>, <c>create-token</c>, and without a command the server. The
/// server takes ASP.NET Core configuration arguments (<c>--Aggregator:Broker:Port=1884</c>, <c>--urls=…</c>,
/// <c>--config FILE</c>), which no parser can list in advance: the root command passes every token it does not know
/// on to the server, in order.
/// </summary>
public static class AggregatorCommandLine
{
    /// <summary>
    /// Builds the commands; <paramref name="runServer"/> runs the server with its configuration arguments and returns the
    /// exit code, <paramref name="input"/> is where <c>hash-password</c> reads the password.
    /// </summary>
    public static RootCommand Create(TextReader input, Func<string[], Task<int>> runServer)
    {
        var root = new RootCommand(
            "RetailVision aggregator. Without a command it runs the server, configured by appsettings.json and by ASP.NET Core "
            + "configuration arguments: --Aggregator:Section:Key=value, --urls=http://host:port, --config FILE (a JSON file the "
            + "arguments still override).")
        {
            HashPasswordCommand.Create(input),
            CreateTokenCommand.Create(),
        };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction(parse => runServer([.. parse.UnmatchedTokens]));
        return root;
    }

    /// <summary>
    /// How the commands run: exceptions reach the caller, which turns configuration mistakes into one line; and stopping
    /// on Ctrl+C or SIGTERM is left to the server's host, which drains and flushes before it exits.
    /// </summary>
    public static InvocationConfiguration Invocation(TextWriter output, TextWriter error) => new()
    {
        Output = output,
        Error = error,
        EnableDefaultExceptionHandler = false,
        ProcessTerminationTimeout = null,
    };
}
