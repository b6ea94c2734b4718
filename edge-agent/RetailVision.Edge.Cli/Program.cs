using System.CommandLine;
using Microsoft.Extensions.Logging;
using RetailVision.Edge.Cli.Commands;
using RetailVision.Edge.Configuration;

using var logging = LoggerFactory.Create(builder => builder
    .AddSimpleConsole(o =>
    {
        o.SingleLine = true;
        o.TimestampFormat = "HH:mm:ss ";
    })
    .SetMinimumLevel(LogLevel.Information));

var root = new RootCommand("RetailVision edge agent: people detection, tracking and zone events for store cameras")
{
    AnalyzeCommand.Create(logging),
    RunCommand.Create(logging),
    EvalCommand.Create(),
};

try
{
    return await root.Parse(args).InvokeAsync();
}
catch (Exception ex) when (ex is ConfigException or ArgumentException or IOException or InvalidDataException)
{
    // Bad input gets one clear line, not a stack trace.
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
