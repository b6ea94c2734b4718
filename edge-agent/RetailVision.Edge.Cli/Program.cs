using System.CommandLine;
using Microsoft.Extensions.Logging;
using RetailVision.Edge.Cli.Commands;
using RetailVision.Edge.Configuration;
using RetailVision.Models;
using RetailVision.Models.Conversion;
using RetailVision.Models.Manifest;
using RetailVision.Models.Registry;
using RetailVision.Models.Tfjs;

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
    TrackCommand.Create(),
    EvalCommand.Create(),
    ZoneEvalCommand.Create(),
    BenchCommand.Create(logging),
};

try
{
    // Our handler below prints bad input as one line; the default one would print a stack trace.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is ConfigException or ArgumentException or IOException or InvalidDataException or InvalidOperationException
                               or PackageFetchException or ModelIntegrityException or ModelManifestException or ConversionException or TfjsFormatException)
{
    // Bad input gets one clear line, not a stack trace.
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
